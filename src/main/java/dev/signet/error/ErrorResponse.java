package dev.signet.error;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one error response: the {@link ErrorBody}, plus {@code WWW-Authenticate} on a 401 and {@code Retry-After}
 * on a 503. The exception mapper answers with it as a JAX-RS response; the handlers that answer before any
 * endpoint runs (CORS, the request guard) write it on the Vert.x response.
 */
public final class ErrorResponse {

    /** Seconds a client should wait before retrying a 503 (every 503 is an outage of something Signet needs). */
    private static final String RETRY_AFTER_SECONDS = "2";

    /** Seconds a client should wait before asking again for an asset that is being scanned. */
    static final String SCANNING_RETRY_AFTER_SECONDS = "60";

    private ErrorResponse() {}

    public static Response of(ErrorCode error, String message) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(error.code(), message));
        String[] header = header(error);
        if (header != null) {
            response.header(header[0], header[1]);
        }
        return response.build();
    }

    public static void write(HttpServerResponse response, ErrorCode error, String message) {
        response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        String[] header = header(error);
        if (header != null) {
            response.putHeader(header[0], header[1]);
        }
        response.end(Json.encode(ErrorBody.of(error.code(), message)));
    }

    /** The header a status asks for, as name and value, or null. */
    private static String[] header(ErrorCode error) {
        if (error == ErrorCode.ASSET_SCANNING) {
            // a scan takes a while (issue 21): ask again in a minute, not in two seconds
            return new String[] {HttpHeaders.RETRY_AFTER, SCANNING_RETRY_AFTER_SECONDS};
        }
        return switch (error.status()) {
            case 401 -> new String[] {HttpHeaders.WWW_AUTHENTICATE, "Bearer"};
            case 503 -> new String[] {HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS};
            default -> null;
        };
    }
}
