package dev.signet.error;

/**
 * A failure the client should see as-is: an entry of the {@link ErrorCode} catalogue and its sentence.
 * Services throw it (or fail their Uni with it); the HTTP layer renders it ({@link ErrorResponse}).
 */
public class ApiException extends RuntimeException {

    private final ErrorCode error;

    ApiException(ErrorCode error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public ErrorCode error() {
        return error;
    }

    public int status() {
        return error.status();
    }

    public String code() {
        return error.code();
    }

    /** {@link ErrorCode#INVALID_REQUEST} for one field: {@code "<field>: <problem>"}. */
    public static ApiException invalidField(String field, String problem) {
        return ErrorCode.invalidField(field, problem);
    }
}
