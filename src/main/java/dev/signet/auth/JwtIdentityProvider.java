package dev.signet.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;

/**
 * Verifies a JWT with SmallRye JWT (signature, issuer and expiry as configured). The subject is the user
 * id; group {@code platform-admin} may act as an admin in any team.
 */
@ApplicationScoped
public class JwtIdentityProvider implements IdentityProvider<BearerTokenRequest.Jwt> {

    public static final String PLATFORM_ADMIN = "platform-admin";

    private final JWTParser parser;
    private final boolean blocking;

    public JwtIdentityProvider(JWTParser parser,
            @ConfigProperty(name = "quarkus.smallrye-jwt.blocking-authentication", defaultValue = "false") boolean blocking) {
        this.parser = parser;
        this.blocking = blocking;
    }

    @Override
    public Class<BearerTokenRequest.Jwt> getRequestType() {
        return BearerTokenRequest.Jwt.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerTokenRequest.Jwt request, AuthenticationRequestContext context) {
        // Verification with configured keys is CPU only; a remote JWKS fetch may block, so operators who
        // use one can move verification off the event loop with the same switch SmallRye JWT reads.
        return blocking ? context.runBlocking(() -> verify(request.token()))
                : Uni.createFrom().item(() -> verify(request.token()));
    }

    private SecurityIdentity verify(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            throw classify(e);
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw AuthFailure.of("invalid_token", "The token has no subject.");
        }
        boolean platformAdmin = jwt.getGroups() != null && jwt.getGroups().contains(PLATFORM_ADMIN);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addRoles(jwt.getGroups() == null ? java.util.Set.of() : jwt.getGroups())
                .addRole("user")
                .addAttribute(Caller.ATTRIBUTE, new Caller.User(subject, platformAdmin))
                .build();
    }

    private static AuthenticationFailedException classify(ParseException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException invalid && invalid.hasExpired()) {
                return AuthFailure.of("token_expired", "The token has expired.");
            }
        }
        return AuthFailure.invalidToken();
    }
}
