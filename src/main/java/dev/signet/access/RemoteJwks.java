package dev.signet.access;

import dev.signet.error.ErrorCode;
import dev.signet.ops.SignetMetrics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.lang.JoseException;

/**
 * The identity provider's key set, read from the JWKS URL in {@code mp.jwt.verify.publickey.location}. It
 * replaces SmallRye JWT's own fetching, which runs on the calling thread (the event loop), counts its
 * intervals in minutes, and reports an unreachable provider as a bad token. Here:
 * <ul>
 * <li>fetches are non-blocking (Vert.x HTTP client) and bounded by {@code signet.auth.jwks.timeout};</li>
 * <li>the set is read again every {@code refresh-interval}, so a removed key is refused within it;</li>
 * <li>an unknown key id triggers a fetch, at most one per {@code min-refresh-interval}; callers arriving
 * during that pause wait for the next fetch and share it, so a new key is never locked out;</li>
 * <li>when no usable set can be had the caller gets {@link ErrorCode#IDENTITY_PROVIDER_UNAVAILABLE} (503),
 * and each change between reachable and unreachable is logged once at WARN.</li>
 * </ul>
 */
@ApplicationScoped
public class RemoteJwks {

    private static final Logger LOG = Logger.getLogger(RemoteJwks.class);
    /** A key set is a few KiB; refuse to buffer more than this from a misconfigured URL. */
    private static final long MAX_BODY_BYTES = 1 << 20;

    private final Optional<URI> location;
    private final AuthSettings.Jwks settings;
    private final Vertx vertx;
    private final SignetMetrics metrics;

    private final Object lock = new Object();
    /** The last set fetched successfully (null until then). */
    private volatile KeySet current;
    /** Guarded by {@code lock}: the fetch running or scheduled, shared by every caller that waits for it. */
    private CompletableFuture<KeySet> pending;
    /** Guarded by {@code lock}: when the last fetch started ({@link System#nanoTime()}), and how it ended. */
    private long lastAttempt;

    private boolean attempted;
    private boolean lastAttemptFailed;
    /** For logging state changes only: null until the first fetch ends. */
    private volatile Boolean reachable;

    private HttpClient client;
    private long refreshTimer = -1;

    public RemoteJwks(JWTAuthContextInfo jwt, AuthSettings settings, Vertx vertx, SignetMetrics metrics) {
        this.location = remoteLocation(jwt.getPublicKeyLocation());
        this.settings = settings.jwks();
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /** The JWKS URL when the configured key location is an http(s) URL; a file or inline key stays with SmallRye. */
    static Optional<URI> remoteLocation(String keyLocation) {
        if (keyLocation == null) {
            return Optional.empty();
        }
        String trimmed = keyLocation.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://")
                ? Optional.of(URI.create(trimmed))
                : Optional.empty();
    }

    public boolean enabled() {
        return location.isPresent();
    }

    /** Reads the set once at start-up (without holding start-up up) and then every refresh interval. */
    void start(@Observes StartupEvent event) {
        if (location.isEmpty()) {
            return;
        }
        URI url = location.get();
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int timeoutMs = (int) settings.timeout().toMillis();
        client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(tls)
                .setVerifyHost(true)
                .setConnectTimeout(timeoutMs)
                .setIdleTimeout(timeoutMs)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxPoolSize(2)
                .setName("signet-jwks"));
        LOG.infof(
                "JWT signing keys are read from %s every %s (unknown key ids: at most one extra read per %s; "
                        + "without a successful read the last set is trusted for %s)",
                url, settings.refreshInterval(), settings.minRefreshInterval(), settings.maxStale());
        refresh(false);
        refreshTimer = vertx.setPeriodic(settings.refreshInterval().toMillis(), id -> refresh(true));
    }

    @PreDestroy
    void stop() {
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
        if (client != null) {
            client.close();
        }
    }

    /** The key for this key id and algorithm in the set in use, or null (unknown, or no set young enough). */
    public Key cachedKey(String kid, String algorithm) {
        KeySet set = current;
        return set != null && set.usable(settings.maxStale()) ? set.find(kid, algorithm) : null;
    }

    /**
     * The public key that verifies a token with this key id and algorithm. Fails with
     * {@link ErrorCode#UNKNOWN_KEY} when the provider does not publish it (after looking again), and with
     * {@link ErrorCode#IDENTITY_PROVIDER_UNAVAILABLE} when the set cannot be fetched.
     */
    public Uni<Key> keyFor(String kid, String algorithm) {
        KeySet set = current;
        boolean usable = set != null && set.usable(settings.maxStale());
        Key key = usable ? set.find(kid, algorithm) : null;
        if (key != null) {
            return Uni.createFrom().item(key);
        }
        // With a usable set, the key id is new (a rotation at the provider, or made up): look again at the next
        // permitted fetch. Without one, fetch now, or fail fast while the last attempt failed moments ago.
        return afterFetch(usable).map(fresh -> require(fresh.find(kid, algorithm)));
    }

    private static Key require(Key key) {
        if (key == null) {
            throw ErrorCode.UNKNOWN_KEY.unauthenticated();
        }
        return key;
    }

    /** The next fetch's set, delivered on the caller's Vert.x context (the request continues where it began). */
    private Uni<KeySet> afterFetch(boolean waitForSlot) {
        Context caller = Vertx.currentContext();
        Uni<KeySet> fetched = Uni.createFrom()
                .completionStage(() -> refresh(waitForSlot))
                .onFailure()
                .transform(failure -> ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE.unauthenticated());
        return caller == null ? fetched : fetched.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /**
     * Starts a fetch, or joins the one running or scheduled. At most one fetch starts per
     * {@code min-refresh-interval}: within it, a caller either waits for a fetch scheduled at its end
     * ({@code waitForSlot}) or, if the last fetch failed, fails at once.
     */
    private CompletionStage<KeySet> refresh(boolean waitForSlot) {
        CompletableFuture<KeySet> result;
        long delayNanos;
        synchronized (lock) {
            if (pending != null) {
                return pending;
            }
            long now = System.nanoTime();
            long earliest = lastAttempt + settings.minRefreshInterval().toNanos();
            delayNanos = attempted ? earliest - now : 0;
            if (delayNanos > 0 && !waitForSlot && lastAttemptFailed) {
                return CompletableFuture.failedFuture(new IllegalStateException("key set unreachable"));
            }
            result = new CompletableFuture<>();
            pending = result;
        }
        if (delayNanos > 0) {
            vertx.setTimer(Math.max(1, Duration.ofNanos(delayNanos).toMillis()), id -> fetch(result));
        } else {
            fetch(result);
        }
        return result;
    }

    private void fetch(CompletableFuture<KeySet> result) {
        synchronized (lock) {
            lastAttempt = System.nanoTime();
            attempted = true;
        }
        URI url = location.orElseThrow();
        long timeoutMs = settings.timeout().toMillis();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url.toString())
                .setIdleTimeout(timeoutMs)
                .putHeader("Accept", "application/json");
        Promise<Buffer> body = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        // An overall deadline: the idle timeout alone would let a provider that trickles bytes hold a fetch open.
        long deadline = vertx.setTimer(timeoutMs, id -> {
            if (body.tryFail(new TimeoutException()) && sent.get() != null) {
                sent.get().reset();
            }
        });
        client.request(request)
                .compose(req -> {
                    sent.set(req);
                    return req.send();
                })
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.<Buffer>failedFuture("HTTP " + response.statusCode());
                    }
                    String length = response.getHeader("Content-Length");
                    if (length != null && Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                        return Future.<Buffer>failedFuture("key set larger than " + MAX_BODY_BYTES + " bytes");
                    }
                    return response.body();
                })
                .onSuccess(body::tryComplete)
                .onFailure(body::tryFail);
        body.future().onComplete(outcome -> {
            vertx.cancelTimer(deadline);
            KeySet fetched = null;
            Throwable failure = outcome.cause();
            if (outcome.succeeded()) {
                try {
                    fetched = KeySet.parse(outcome.result());
                } catch (JoseException | RuntimeException e) {
                    failure = e;
                }
            }
            finish(result, fetched, failure);
        });
    }

    private void finish(CompletableFuture<KeySet> result, KeySet fetched, Throwable failure) {
        synchronized (lock) {
            lastAttemptFailed = fetched == null;
            pending = null;
            if (fetched != null) {
                current = fetched;
            }
        }
        metrics.jwksFetched(fetched != null);
        if (fetched != null) {
            if (Boolean.FALSE.equals(reachable)) {
                LOG.warnf(
                        "The JWKS at %s answers again (%d keys); JWT callers are served again",
                        location.get(), fetched.keys().size());
            }
            reachable = true;
            result.complete(fetched);
        } else {
            if (!Boolean.FALSE.equals(reachable)) {
                LOG.warnf(
                        "The JWKS at %s cannot be read (%s); JWT callers whose key is not in the last set "
                                + "(or after %s without a read) get 503 until it answers",
                        location.get(), describe(failure), settings.maxStale());
            }
            reachable = false;
            result.completeExceptionally(failure);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof io.netty.handler.timeout.TimeoutException) {
            return "no answer within the timeout";
        }
        String message = failure == null ? null : failure.getMessage();
        return message == null ? String.valueOf(failure) : message;
    }

    /** For the health report: whether the last fetch succeeded, and the age of the set in use. */
    public Optional<Duration> age() {
        KeySet set = current;
        return set == null ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - set.fetchedAt()));
    }

    public Boolean reachable() {
        return reachable;
    }

    /** The verification keys of one successful fetch: public signing keys only. */
    record KeySet(List<PublicJsonWebKey> keys, long fetchedAt) {

        static KeySet parse(Buffer body) throws JoseException {
            List<PublicJsonWebKey> keys = new JsonWebKeySet(body.toString(StandardCharsets.UTF_8))
                    .getJsonWebKeys().stream()
                            .filter(k -> k instanceof PublicJsonWebKey)
                            .filter(k -> k.getUse() == null || Use.SIGNATURE.equals(k.getUse()))
                            .map(PublicJsonWebKey.class::cast)
                            .toList();
            return new KeySet(keys, System.nanoTime());
        }

        boolean usable(Duration maxStale) {
            return System.nanoTime() - fetchedAt <= maxStale.toNanos();
        }

        /**
         * The key with this id that fits the algorithm. A token without a key id is verified only when the set
         * holds exactly one fitting key (as SmallRye JWT does).
         */
        Key find(String kid, String algorithm) {
            List<PublicJsonWebKey> fitting = keys.stream()
                    .filter(k -> fits(k, algorithm))
                    .filter(k -> kid == null || kid.equals(k.getKeyId()))
                    .toList();
            if (kid == null && fitting.size() != 1) {
                return null;
            }
            return fitting.isEmpty() ? null : fitting.get(0).getPublicKey();
        }

        private static boolean fits(PublicJsonWebKey key, String algorithm) {
            if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) {
                return false;
            }
            if (algorithm.startsWith("RS") || algorithm.startsWith("PS")) {
                return key instanceof RsaJsonWebKey;
            }
            if (algorithm.startsWith("ES")) {
                return key instanceof EllipticCurveJsonWebKey;
            }
            return "EdDSA".equals(algorithm) && key instanceof OctetKeyPairJsonWebKey;
        }
    }
}
