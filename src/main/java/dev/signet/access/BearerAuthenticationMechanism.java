package dev.signet.access;

import dev.signet.error.ErrorCode;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>} and routes the token by its format: {@code sk-}/{@code dk-}
 * to the API-key provider, three dot-separated segments to the JWT provider. No header means anonymous
 * (public endpoints); anything else present but unusable is refused with a reason.
 * <p>
 * The one exception: Uppy's routes under {@code /api/v1/uppy/{key}/s3} carry their credential in the path, for
 * {@code @uppy/aws-s3} 6.x, which sends no header (issue 23). There the path segment is the credential (any header is
 * ignored) and only an upload ({@code uk-}) key is taken: a key that may sit in a URL is one that can do little and
 * dies soon. It is verified as any API key (hash lookup, cache, expiry, revocation).
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String SCHEME = "Bearer";

    /** Uppy's routes: {@code /api/v1/uppy/s3/...} take the header, {@code /api/v1/uppy/{key}/s3/...} the path. */
    static final String UPPY_ROUTES = "/api/v1/uppy/";

    private static final String UPPY_HEADER_ROUTES = "s3";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager providers) {
        String pathKey = pathKey(context.normalizedPath());
        if (pathKey != null) {
            if (!pathKey.startsWith(KeyKind.UK.tokenPrefix())) {
                return Uni.createFrom().failure(ErrorCode.KEY_NOT_ALLOWED_IN_URL.unauthenticated());
            }
            return providers.authenticate(
                    HttpSecurityUtils.setRoutingContextAttribute(new BearerTokenRequest.ApiKey(pathKey), context));
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().nullItem();
        }
        String value = header.trim();
        boolean bearer = value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                && (value.length() == SCHEME.length() || value.charAt(SCHEME.length()) == ' ');
        if (!bearer) {
            return Uni.createFrom().failure(ErrorCode.INVALID_AUTHORIZATION.unauthenticated());
        }
        String token = value.substring(SCHEME.length()).trim();
        BearerTokenRequest request;
        if (token.isEmpty()) {
            return Uni.createFrom().failure(ErrorCode.INVALID_TOKEN.unauthenticated("The bearer token is empty."));
        } else if (KeyKind.fromToken(token) != null) {
            request = new BearerTokenRequest.ApiKey(token);
        } else if (looksLikeJwt(token)) {
            request = new BearerTokenRequest.Jwt(token);
        } else {
            return Uni.createFrom()
                    .failure(ErrorCode.INVALID_TOKEN.unauthenticated(
                            "The bearer token is neither a JWT nor a Signet API key."));
        }
        return providers.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    /**
     * The credential segment of {@code /api/v1/uppy/{key}/s3/...}, or null for every other path (and for
     * {@code /api/v1/uppy/s3/...}, whose credential is the header).
     */
    static String pathKey(String path) {
        if (path == null || !path.startsWith(UPPY_ROUTES)) {
            return null;
        }
        int end = path.indexOf('/', UPPY_ROUTES.length());
        String segment = end < 0 ? path.substring(UPPY_ROUTES.length()) : path.substring(UPPY_ROUTES.length(), end);
        return segment.isEmpty() || segment.equals(UPPY_HEADER_ROUTES) ? null : segment;
    }

    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return first > 0 && second > first + 1 && token.indexOf('.', second + 1) < 0;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(BearerTokenRequest.Jwt.class, BearerTokenRequest.ApiKey.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }

    /** Runs before SmallRye JWT's own mechanism, which then never sees a request we did not claim. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
