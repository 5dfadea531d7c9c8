package dev.signet.auth;

import java.util.Map;

import io.quarkus.security.AuthenticationFailedException;

/** Why a credential was refused: the reason travels as attributes and is rendered as a 401 body. */
public final class AuthFailure {

    public static final String CODE = "signet.error.code";

    private AuthFailure() {
    }

    public static AuthenticationFailedException of(String code, String message) {
        return new AuthenticationFailedException(message, Map.of(CODE, code));
    }

    public static AuthenticationFailedException invalidToken() {
        return of("invalid_token", "The bearer token is invalid.");
    }

    /** The code carried by a failure, or {@code invalid_token} for failures raised elsewhere. */
    public static String codeOf(AuthenticationFailedException e) {
        String code = e.getAttribute(CODE);
        return code == null ? "invalid_token" : code;
    }
}
