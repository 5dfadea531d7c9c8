package dev.signet.access;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The raw bearer token, split by format into the two kinds the providers verify. */
public abstract sealed class BearerTokenRequest extends BaseAuthenticationRequest
        permits BearerTokenRequest.Jwt, BearerTokenRequest.ApiKey {

    private final String token;

    protected BearerTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static final class Jwt extends BearerTokenRequest {
        public Jwt(String token) {
            super(token);
        }
    }

    public static final class ApiKey extends BearerTokenRequest {
        public ApiKey(String token) {
            super(token);
        }
    }
}
