package dev.signet.http;

import dev.signet.common.Text;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.error.ErrorResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The HTTP edge, before any endpoint: refuses what no endpoint may see (a path, query parameter or header
 * with NUL, control characters, unpaired surrogates or broken percent-encoding; a query parameter with an
 * empty value, which the endpoints would read as absent; a request line or header
 * block over Signet's limits), and gives every refusal the HTTP layer makes itself (a path that cannot be
 * decoded, an unknown route) the JSON error body. Requests past the HTTP codec's own, higher limits
 * ({@code quarkus.http.limits.*}) or with bytes the codec cannot parse are refused by Vert.x before this
 * runs, with an empty body: Quarkus offers no hook there (quarkusio/quarkus#55082).
 */
@ApplicationScoped
public class RequestGuard {

    private final int maxRequestLine;
    private final int maxHeaderBytes;

    public RequestGuard(HttpConfig config) {
        this.maxRequestLine = config.maxRequestLine();
        this.maxHeaderBytes = config.maxHeaderBytes();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(RequestGuard::failed);
        // Failures before any route matched (a path that cannot be decoded) reach the router's error handlers.
        for (int status : new int[] {400, 404, 405, 413, 414, 431}) {
            router.errorHandler(status, RequestGuard::failed);
        }
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        ApiException refusal = refusal(request);
        if (refusal != null) {
            respond(context, refusal.error(), refusal.getMessage());
        } else {
            context.next();
        }
    }

    private ApiException refusal(HttpServerRequest request) {
        String uri = request.uri();
        if (request.method().name().length() + uri.length() + 10 > maxRequestLine) {
            return ErrorCode.URI_TOO_LONG.exception();
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
            if (!printable(header.getValue())) {
                return ErrorCode.invalidField(header.getKey(), "must not contain control characters or invalid text");
            }
        }
        if (headerBytes > maxHeaderBytes) {
            return ErrorCode.HEADERS_TOO_LARGE.exception();
        }
        QueryStringDecoder decoded;
        try {
            new URI(uri);
            decoded = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 1024, true);
            if (!printable(decoded.path())) {
                return ErrorCode.invalidField("path", "must not contain control characters or invalid text");
            }
            for (Map.Entry<String, List<String>> parameter :
                    decoded.parameters().entrySet()) {
                if (!printable(parameter.getKey())) {
                    return ErrorCode.invalidField("query", "parameter names must be printable text");
                }
                for (String value : parameter.getValue()) {
                    if (value.isEmpty()) {
                        // RESTEasy reads ?kind= (or ?kind) as no parameter at all: the client meant something
                        return ErrorCode.invalidField(parameter.getKey(), "must not be empty (leave it out instead)");
                    }
                    if (!printable(value)) {
                        return ErrorCode.invalidField(
                                parameter.getKey(), "must not contain control characters or invalid text");
                    }
                }
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return ErrorCode.invalidField("url", "is not a valid, correctly percent-encoded URI");
        }
        return null;
    }

    /** Well-formed ({@link Text#wellFormed}) and no control characters but tab. */
    private static boolean printable(String value) {
        if (!Text.wellFormed(value)) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f) {
                return false;
            }
        }
        return true;
    }

    /** A failure of the router itself (no endpoint answered): the JSON body for the status it chose. */
    private static void failed(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        if (context.statusCode() < 400 || context.statusCode() >= 500) {
            context.next();
            return;
        }
        ErrorCode error = switch (context.statusCode()) {
            case 404 -> ErrorCode.ROUTE_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            default -> ErrorCode.MALFORMED_REQUEST;
        };
        respond(context, error, error.message());
    }

    private static void respond(RoutingContext context, ErrorCode error, String message) {
        ErrorResponse.write(context.response(), error, message);
    }
}
