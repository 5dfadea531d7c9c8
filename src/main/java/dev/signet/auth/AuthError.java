package dev.signet.auth;

import java.util.Locale;
import java.util.Map;

import io.quarkus.security.AuthenticationFailedException;

/**
 * Every reason a credential is refused, with its HTTP status and default sentence. The code is what
 * clients read in {@code detail.code} and what {@code signet_auth_failures_total{reason}} counts, so
 * operators and clients see the same reason.
 */
public enum AuthError {
    MISSING_CREDENTIALS(401, "Authentication required: send 'Authorization: Bearer <JWT or API key>'."),
    INVALID_AUTHORIZATION(401, "The Authorization header must use the Bearer scheme."),
    INVALID_TOKEN(401, "The bearer token is invalid."),
    TOKEN_EXPIRED(401, "The token has expired."),
    TOKEN_NOT_YET_VALID(401, "The token is not valid yet."),
    INVALID_SIGNATURE(401, "The token's signature does not verify with the identity provider's key."),
    UNKNOWN_KEY(401, "The token is signed with a key the identity provider does not publish."),
    WRONG_ISSUER(401, "The token was issued by another issuer."),
    WRONG_AUDIENCE(401, "The token is not meant for this service (audience)."),
    WRONG_TOKEN_TYPE(401, "Only access tokens are accepted (not ID or refresh tokens)."),
    UNAUTHORIZED_PARTY(401, "The token was issued to a client that may not call this service."),
    MISSING_CLAIMS(401, "The token lacks a required claim."),
    INVALID_API_KEY(401, "The API key is not valid."),
    API_KEY_REVOKED(401, "The API key has been revoked."),
    API_KEY_EXPIRED(401, "The API key has expired."),
    /** The keys to verify the token could not be fetched: an outage, not a bad token. */
    IDENTITY_PROVIDER_UNAVAILABLE(503, "The identity provider's signing keys cannot be fetched. Please try again.");

    private static final String ATTRIBUTE = "signet.auth.error";

    private final int status;
    private final String message;

    AuthError(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String message() {
        return message;
    }

    public AuthenticationFailedException exception() {
        return exception(message);
    }

    /** The same reason with a more precise sentence (never token content: it is shown to the caller). */
    public AuthenticationFailedException exception(String detail) {
        return new AuthenticationFailedException(detail, Map.of(ATTRIBUTE, this));
    }

    /** The reason a failure carries, or {@link #INVALID_TOKEN} for failures raised outside Signet. */
    public static AuthError of(AuthenticationFailedException e) {
        AuthError error = e.getAttribute(ATTRIBUTE);
        return error == null ? INVALID_TOKEN : error;
    }

    /** The sentence to show: ours, or the default one for failures raised outside Signet. */
    public static String messageOf(AuthenticationFailedException e) {
        return e.getAttribute(ATTRIBUTE) == null ? INVALID_TOKEN.message : e.getMessage();
    }
}
