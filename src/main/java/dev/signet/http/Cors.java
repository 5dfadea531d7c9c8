package dev.signet.http;

import dev.signet.error.ErrorCode;
import dev.signet.error.ErrorResponse;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-origin calls from browser apps. Credentials are bearer tokens, never cookies, so no
 * {@code Access-Control-Allow-Credentials}; the allowed origin is reflected with {@code Vary: Origin}; the
 * headers a page needs to read ({@code Location}, {@code WWW-Authenticate}, {@code Retry-After}) are exposed;
 * W3C trace context may be sent. A request from an origin that is not allowed gets the JSON error body
 * (403 {@code origin_not_allowed}). Same-origin requests pass untouched. Runs before everything else, so
 * every answer, refusals included, carries the headers a page needs to read it.
 */
@ApplicationScoped
public class Cors {

    static final List<String> METHODS = List.of("GET", "POST", "PATCH", "DELETE");
    static final List<String> REQUEST_HEADERS =
            List.of("Authorization", "Content-Type", "X-Team-ID", "traceparent", "tracestate");
    static final List<String> EXPOSED_HEADERS = List.of("Location", "WWW-Authenticate", "Retry-After");

    /** {@code signet.cors.*}. */
    @ConfigMapping(prefix = "signet.cors")
    public interface Settings {

        /** Exact origins ({@code https://app.example.com}) allowed to call the API, or {@code *}; none: no page may. */
        Optional<List<String>> origins();

        /** Request headers pages may send besides Signet's own and W3C trace context. */
        Optional<List<String>> allowedHeaders();

        /** Response headers pages may read besides {@code Location}, {@code WWW-Authenticate}, {@code Retry-After}. */
        Optional<List<String>> exposedHeaders();

        /** How long a browser may keep a preflight answer. */
        @WithDefault("PT24H")
        Duration maxAge();
    }

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final String allowedHeaders;
    private final String exposedHeaders;
    private final String methods = String.join(", ", METHODS);
    private final String maxAge;

    public Cors(Settings settings) {
        List<String> configured = settings.origins().orElse(List.of());
        this.anyOrigin = configured.contains("*");
        this.origins = Set.copyOf(
                configured.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
        this.allowedHeaders = join(REQUEST_HEADERS, settings.allowedHeaders());
        this.exposedHeaders = join(EXPOSED_HEADERS, settings.exposedHeaders());
        this.maxAge = Long.toString(settings.maxAge().toSeconds());
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        response.headers().add(HttpHeaders.VARY, "Origin");
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || sameOrigin(request, origin)) {
            context.next();
            return;
        }
        if (!allowed(origin)) {
            ErrorResponse.write(response, ErrorCode.ORIGIN_NOT_ALLOWED, ErrorCode.ORIGIN_NOT_ALLOWED.message());
            return;
        }
        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        boolean preflight = request.method() == HttpMethod.OPTIONS
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
        if (preflight) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, allowedHeaders)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, maxAge)
                    .setStatusCode(204)
                    .end();
            return;
        }
        response.putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposedHeaders);
        context.next();
    }

    private boolean allowed(String origin) {
        return anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /** The page is served by Signet itself (browsers send Origin on same-origin POSTs too). */
    private static boolean sameOrigin(HttpServerRequest request, String origin) {
        String host = request.getHeader(HttpHeaders.HOST);
        return host != null && origin.equalsIgnoreCase(request.scheme() + "://" + host);
    }

    private static String join(List<String> base, Optional<List<String>> extra) {
        Set<String> all = new LinkedHashSet<>(base);
        extra.ifPresent(all::addAll);
        return String.join(", ", new ArrayList<>(all));
    }
}
