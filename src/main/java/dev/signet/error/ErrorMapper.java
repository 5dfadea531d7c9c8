package dev.signet.error;

import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.signet.auth.AuthError;
import dev.signet.ops.SignetMetrics;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Renders every failure in the design's error shape; never leaks stack traces, SQL or endpoints. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    private final SignetMetrics metrics;
    private final Outages outages;

    public ErrorMapper(SignetMetrics metrics, Outages outages) {
        this.metrics = metrics;
        this.outages = outages;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        AuthError error = AuthError.of(e);
        metrics.authFailed(error.code());
        if (error.status() != 401) {
            return respond(error.status(), error.code(), AuthError.messageOf(e));
        }
        return unauthorized(error.code(), AuthError.messageOf(e));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        AuthError error = AuthError.MISSING_CREDENTIALS;
        metrics.authFailed(error.code());
        return unauthorized(error.code(), error.message());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, "forbidden", "You are not allowed to perform this action.");
    }

    @ServerExceptionMapper
    public Response violation(ConstraintViolationException e) {
        String message = e.getConstraintViolations().stream()
                .map(v -> fieldOf(v) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(400, "invalid_request", message);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return respond(400, "invalid_request", pathOf(e) + ": unknown field");
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String path = pathOf(e);
        String expected = describe(e.getTargetType());
        return respond(400, "invalid_request", (path.isEmpty() ? "body" : path) + ": " + expected);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        String path = pathOf(e);
        return respond(400, "invalid_request", (path.isEmpty() ? "body" : path) + ": invalid value");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(400, "malformed_json", "The request body is not valid JSON.");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json instanceof MismatchedInputException m ? mismatchedInput(m) : malformedJson(json);
        }
        return switch (status) {
            case 400 -> respond(400, "invalid_request", "The request is malformed.");
            case 404 -> respond(404, "not_found", "No such resource.");
            case 405 -> respond(405, "method_not_allowed", "This method is not allowed on this resource.");
            case 406 -> respond(406, "not_acceptable", "This resource only produces application/json.");
            case 413 -> respond(413, "payload_too_large", "The request body is too large.");
            case 415 -> respond(415, "unsupported_media_type", "Send the request body as application/json.");
            default -> status >= 500 ? internal(e) : respond(status, "http_" + status, "The request failed.");
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return internal(e);
    }

    private Response internal(Throwable e) {
        if (outages.report(e)) { // logged once per outage, not per request
            return respond(503, "service_unavailable", "A backing service is unreachable. Please try again.");
        }
        LOG.error("unexpected failure", e);
        return respond(500, "internal_error", "An unexpected error occurred.");
    }

    /** Whether a failure means PostgreSQL or S3 could not be reached (a retry may succeed): {@link Outages}. */
    public static boolean isUnreachable(Throwable e) {
        return Outages.isUnavailable(e);
    }

    private static Response unauthorized(String code, String message) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(code, message))
                .build();
    }

    /** Seconds a client should wait before retrying a 503 (every 503 is an outage of something Signet needs). */
    private static final String RETRY_AFTER_SECONDS = "2";

    private static Response respond(int status, String code, String message) {
        Response.ResponseBuilder response = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(code, message));
        if (status == 503) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    /** The JSON name of the violated field: the last bean or parameter node, in snake_case. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String field = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER) {
                field = node.getName();
            }
        }
        return snakeCase(field);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "must be an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be a boolean";
        }
        if (type == java.util.UUID.class) {
            return "must be a UUID";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 timestamp such as 2030-01-31T12:00:00Z";
        }
        if (type.isEnum()) {
            return "must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be a JSON object";
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
