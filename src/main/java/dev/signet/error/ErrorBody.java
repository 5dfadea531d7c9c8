package dev.signet.error;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The one error shape of the API: {@code {"detail": {"code": "...", "message": "..."}}}. */
@RegisterForReflection
public record ErrorBody(Detail detail) {

    @RegisterForReflection
    public record Detail(String code, String message) {}

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(new Detail(code, message));
    }
}
