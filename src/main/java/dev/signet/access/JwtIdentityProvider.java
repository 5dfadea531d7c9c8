package dev.signet.access;

import dev.signet.error.ErrorCode;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.security.PublicKey;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies a JWT: the key comes from {@link RemoteJwks} when the key location is a JWKS URL, from
 * {@link PemVerificationKey} when it is a PEM key or certificate, else from SmallRye JWT's own configuration (a
 * JWK file, or an HS256 secret); SmallRye JWT then checks
 * signature, issuer, audience and lifetime as configured, and {@link AccessTokenRules} what Signet asks
 * beyond that. Each refusal names its reason ({@link ErrorCode}). Nothing here blocks: verification is CPU
 * work and key fetches are non-blocking.
 */
@ApplicationScoped
public class JwtIdentityProvider implements IdentityProvider<BearerTokenRequest.Jwt> {

    private final JWTParser parser;
    private final RemoteJwks jwks;
    private final PemVerificationKey pem;
    /** The PEM key, when the configured key is one (null otherwise). */
    private final PublicKey pemKey;

    private final AccessTokenRules rules;
    private final Set<String> algorithms;
    private final String issuer;

    public JwtIdentityProvider(
            JWTParser parser,
            RemoteJwks jwks,
            PemVerificationKey pem,
            AccessTokenRules rules,
            JWTAuthContextInfo config) {
        this.parser = parser;
        this.jwks = jwks;
        this.pem = pem;
        this.pemKey = pem.key().orElse(null);
        this.rules = rules;
        this.algorithms = config.getSignatureAlgorithm().stream()
                .map(SignatureAlgorithm::getAlgorithm)
                .collect(Collectors.toUnmodifiableSet());
        this.issuer = config.getIssuedBy();
    }

    @Override
    public Class<BearerTokenRequest.Jwt> getRequestType() {
        return BearerTokenRequest.Jwt.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerTokenRequest.Jwt request, AuthenticationRequestContext context) {
        String token = request.token();
        JsonWebSignature jws;
        try {
            jws = header(token);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        String type = jws.getHeader("typ");
        String algorithm = jws.getAlgorithmHeaderValue();
        if (pemKey != null) {
            // The PEM's one key verifies one family of algorithms (RS/PS for RSA, ES for EC).
            return pem.verifies(algorithm)
                    ? Uni.createFrom().item(() -> rules.identity(verify(token, pemKey), type))
                    : Uni.createFrom().failure(ErrorCode.UNKNOWN_KEY.unauthenticated());
        }
        if (!jwks.enabled()) {
            return Uni.createFrom().item(() -> rules.identity(verify(token, null), type));
        }
        String kid = jws.getKeyIdHeaderValue();
        Key known = jwks.cachedKey(kid, algorithm);
        if (known != null) {
            return Uni.createFrom().item(() -> rules.identity(verify(token, known), type));
        }
        // A key not in the set makes the provider be asked again: only for tokens that could pass otherwise.
        ErrorCode early = refusedWithoutKey(jws);
        if (early != null) {
            return Uni.createFrom().failure(early.unauthenticated());
        }
        return jwks.keyFor(kid, algorithm).map(key -> rules.identity(verify(token, key), type));
    }

    /** The token's JOSE header; an algorithm Signet does not accept is refused before any key is looked up. */
    private JsonWebSignature header(String token) {
        JsonWebStructure structure;
        try {
            structure = JsonWebStructure.fromCompactSerialization(token);
        } catch (JoseException | RuntimeException e) {
            throw ErrorCode.INVALID_TOKEN.unauthenticated("The bearer token is not a well-formed JWT.");
        }
        if (!(structure instanceof JsonWebSignature jws)) {
            throw ErrorCode.INVALID_TOKEN.unauthenticated("The bearer token is not a signed JWT.");
        }
        String algorithm;
        try {
            algorithm = jws.getAlgorithmHeaderValue();
            jws.getKeyIdHeaderValue();
            jws.getHeader("typ");
        } catch (RuntimeException e) { // a header value of the wrong JSON type
            throw ErrorCode.INVALID_TOKEN.unauthenticated("The bearer token is not a well-formed JWT.");
        }
        if (algorithm == null || !algorithms.contains(algorithm)) {
            throw ErrorCode.INVALID_SIGNATURE.unauthenticated("The token is not signed with an accepted algorithm ("
                    + String.join(", ", algorithms.stream().sorted().toList()) + ").");
        }
        return jws;
    }

    /** Checks that need no key: a token from another issuer is refused without asking the provider. */
    private ErrorCode refusedWithoutKey(JsonWebSignature jws) {
        if (issuer == null) {
            return null;
        }
        try {
            String claimed = JwtClaims.parse(jws.getUnverifiedPayload()).getIssuer();
            return issuer.equals(claimed) ? null : ErrorCode.WRONG_ISSUER;
        } catch (Exception e) {
            return ErrorCode.INVALID_TOKEN;
        }
    }

    /** SmallRye JWT's verification with the configured key ({@code key == null}) or the given one. */
    private JsonWebToken verify(String token, Key key) {
        try {
            return key == null ? parser.parse(token) : parser.verify(token, (PublicKey) key);
        } catch (ParseException e) {
            throw classify(e).unauthenticated();
        }
    }

    static ErrorCode classify(ParseException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidJwtException invalid) {
                ErrorCode reason = reason(invalid);
                if (reason != null) {
                    return reason;
                }
            } else if (t instanceof UnresolvableKeyException) {
                return ErrorCode.UNKNOWN_KEY;
            } else if (t instanceof InvalidAlgorithmException) {
                return ErrorCode.INVALID_SIGNATURE;
            }
        }
        return ErrorCode.INVALID_TOKEN;
    }

    private static ErrorCode reason(InvalidJwtException invalid) {
        if (invalid.hasExpired()) {
            return ErrorCode.TOKEN_EXPIRED;
        }
        if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return ErrorCode.INVALID_SIGNATURE;
        }
        if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return ErrorCode.WRONG_ISSUER;
        }
        if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return ErrorCode.WRONG_AUDIENCE;
        }
        if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return ErrorCode.TOKEN_NOT_YET_VALID;
        }
        if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)
                || invalid.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)
                || invalid.hasErrorCode(ErrorCodes.SUBJECT_MISSING)) {
            return ErrorCode.MISSING_CLAIMS;
        }
        return null;
    }
}
