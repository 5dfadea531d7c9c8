package dev.signet.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.signet.common.JsonConfig;
import dev.signet.common.Text;
import dev.signet.common.WireEnum;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.error.ErrorResponse;
import dev.signet.ops.SignetMetrics;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

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
        return respond(e.error(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        ErrorCode error = ErrorCode.of(e);
        metrics.authFailed(error.code());
        return respond(error, ErrorCode.messageOf(e));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        metrics.authFailed(ErrorCode.MISSING_CREDENTIALS.code());
        return respond(ErrorCode.MISSING_CREDENTIALS);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(ErrorCode.NOT_ALLOWED);
    }

    @ServerExceptionMapper
    public Response violation(ConstraintViolationException e) {
        String message = e.getConstraintViolations().stream()
                .map(v -> fieldOf(v) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(ErrorCode.INVALID_REQUEST, message);
    }

    @ServerExceptionMapper
    public Response invalidText(JsonConfig.InvalidText e) {
        String path = pathOf(e);
        return respond(ErrorCode.invalidField(path.isEmpty() ? "body" : path, e.getOriginalMessage()));
    }

    /** Jackson's parser refuses a field given twice ({@code STRICT_DUPLICATE_DETECTION}). */
    @ServerExceptionMapper
    public Response malformedJsonText(JsonParseException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field '")) {
            String field = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
            return respond(ErrorCode.invalidField(Text.snakeCase(field), "appears more than once"));
        }
        return respond(ErrorCode.MALFORMED_JSON);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return respond(ErrorCode.invalidField(pathOf(e), "unknown field"));
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String path = pathOf(e);
        String expected = describe(e.getTargetType());
        return respond(ErrorCode.invalidField(path.isEmpty() ? "body" : path, expected));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        String path = pathOf(e);
        return respond(ErrorCode.invalidField(path.isEmpty() ? "body" : path, "invalid value"));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(ErrorCode.MALFORMED_JSON);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonConfig.InvalidText text) {
            return invalidText(text);
        }
        if (cause instanceof JsonParseException parse) {
            return malformedJsonText(parse);
        }
        if (cause instanceof JsonProcessingException json) {
            return json instanceof MismatchedInputException m ? mismatchedInput(m) : malformedJson(json);
        }
        return switch (status) {
            case 400 -> respond(ErrorCode.MALFORMED_REQUEST);
            case 404 -> respond(ErrorCode.ROUTE_NOT_FOUND);
            case 405 -> respond(ErrorCode.METHOD_NOT_ALLOWED);
            case 406 -> respond(ErrorCode.NOT_ACCEPTABLE);
            case 413 -> respond(ErrorCode.PAYLOAD_TOO_LARGE);
            case 414 -> respond(ErrorCode.URI_TOO_LONG);
            case 415 -> respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            case 431 -> respond(ErrorCode.HEADERS_TOO_LARGE);
            default -> status >= 500 ? internal(e) : respond(ErrorCode.MALFORMED_REQUEST);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return internal(e);
    }

    private Response internal(Throwable e) {
        if (outages.report(e)) { // logged once per outage, not per request
            return respond(ErrorCode.SERVICE_UNAVAILABLE);
        }
        LOG.error("unexpected failure", e);
        return respond(ErrorCode.INTERNAL_ERROR);
    }

    private static Response respond(ApiException e) {
        return respond(e.error(), e.getMessage());
    }

    private static Response respond(ErrorCode error) {
        return respond(error, error.message());
    }

    private static Response respond(ErrorCode error, String message) {
        return ErrorResponse.of(error, message);
    }

    /** The JSON name of the violated field: the last bean or parameter node, in snake_case. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String field = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER) {
                field = node.getName();
            }
        }
        return Text.snakeCase(field);
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
            return "must be one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(value -> value instanceof WireEnum wire ? wire.wire() : value.toString())
                            .collect(Collectors.joining(", "));
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be a JSON object";
    }
}
