package dev.signet.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.asset.Asset;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.http.Outages;
import dev.signet.ops.SignetMetrics;
import dev.signet.webhook.WebhookDtos.EventData;
import dev.signet.webhook.WebhookDtos.EventMessage;
import dev.signet.webhook.WebhookRepository.Claimed;
import dev.signet.webhook.WebhookRepository.Result;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Delivers events to webhooks, on every replica. Every {@code poll-interval}, and again each time a send finishes
 * while the last claim found work, it claims due deliveries ({@link WebhookRepository#claim}: {@code FOR UPDATE SKIP
 * LOCKED}, leases, a concurrency limit per webhook across replicas), sends each with a non-blocking Vert.x HTTP
 * client, and records the attempt. Nothing here runs on a request's path: the upload endpoints only commit
 * rows, and the event trigger adds its rows to the same transaction.
 * <p>
 * A message is signed as Standard Webhooks ({@code webhook-id} = the event id, the same on every retry and
 * re-send; {@code webhook-timestamp} = this attempt; {@code webhook-signature: v1,<base64 HMAC-SHA256>}). The
 * target is checked again before every attempt ({@link TargetGuard}) and the connection goes to the address
 * checked. A failed attempt (not 2xx, no answer within {@code timeout}, no connection, refused target) is
 * retried after an exponentially growing wait with jitter until the retry window after the event is over.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    /** A receiver's answer is read up to this much, then the connection is dropped (the status counts). */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final int MAX_ERROR_CHARS = 200;
    private static final String USER_AGENT = "Signet-Webhooks/1";

    private final Vertx vertx;
    private final WebhookRepository repository;
    private final WebhookSecrets secrets;
    private final TargetGuard guard;
    private final WebhookConfig config;
    private final ObjectMapper mapper;
    private final SignetMetrics metrics;
    private final Outages outages;
    private final String sentBy;
    private final long leaseSeconds;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean backlog = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile long lastWarning;
    private HttpClient client;
    private long timer = -1;

    public WebhookDispatcher(
            Vertx vertx,
            WebhookRepository repository,
            WebhookSecrets secrets,
            TargetGuard guard,
            WebhookConfig config,
            ObjectMapper mapper,
            SignetMetrics metrics,
            Outages outages) {
        this.vertx = vertx;
        this.repository = repository;
        this.secrets = secrets;
        this.guard = guard;
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        this.outages = outages;
        metrics.webhookOutcomes(
                Arrays.stream(AttemptOutcome.values()).map(AttemptOutcome::wire).toList());
        // "pid@host", as the JVM names itself (no DNS lookup)
        this.sentBy = ManagementFactory.getRuntimeMXBean().getName();
        // a lease outlives any attempt (connect + request deadline), with a margin for recording the result
        this.leaseSeconds =
                config.connectTimeout().plus(config.timeout()).plusSeconds(30).toSeconds();
    }

    void start(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setName("signet-webhooks")
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setIdleTimeout((int) config.timeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setKeepAlive(true)
                .setVerifyHost(true)
                .setMaxPoolSize(config.maxInFlightPerWebhook()));
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> poll());
        LOG.infof(
                "Webhook deliveries: every %s, up to %d at once on this replica (%s) and %d per webhook; "
                        + "retries for %s; private targets %s",
                config.pollInterval(),
                config.maxInFlight(),
                sentBy,
                config.maxInFlightPerWebhook(),
                config.retry().window(),
                guard.allowsPrivateTargets() ? "ALLOWED (signet.webhooks.allow-private-targets)" : "refused");
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (client != null) {
            client.close();
        }
    }

    /** Claims what is due and starts sending it; at most one claim at a time per replica. */
    void poll() {
        if (stopped || !polling.compareAndSet(false, true)) {
            return;
        }
        int room = Math.min(config.batch(), config.maxInFlight() - inFlight.get());
        if (room <= 0) {
            polling.set(false);
            return;
        }
        repository
                .claim(room, config.maxInFlightPerWebhook(), leaseSeconds)
                .subscribe()
                .with(
                        claimed -> {
                            polling.set(false);
                            // more may be due (a full batch, or a webhook held back by its in-flight limit): claim
                            // again as sends
                            // finish, until a claim finds nothing; then the timer takes over
                            backlog.set(!claimed.isEmpty());
                            claimed.forEach(this::send);
                        },
                        failure -> {
                            polling.set(false);
                            warn("claiming webhook deliveries failed", failure);
                        });
    }

    private void send(Claimed claimed) {
        inFlight.incrementAndGet();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        attempt(claimed)
                .subscribe()
                .with(
                        answer -> finish(claimed, started, t0, answer),
                        failure -> finish(claimed, started, t0, Answer.of(failure)));
    }

    private void finish(Claimed claimed, Instant started, long t0, Answer answer) {
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        boolean delivered = answer.outcome() == AttemptOutcome.DELIVERED;
        Instant next = null;
        boolean giveUp = false;
        if (!delivered) {
            next = Instant.now().plus(backoff(claimed.attempt()));
            giveUp = next.isAfter(claimed.createdAt().plus(config.retry().window()));
        }
        metrics.webhookAttempt(answer.outcome().wire());
        Result result = new Result(
                claimed, started, latencyMs, answer.status(), answer.outcome(), answer.error(), sentBy, next, giveUp);
        repository
                .record(
                        result,
                        config.disable().failures(),
                        config.disable().after().toSeconds())
                .subscribe()
                .with(
                        disabled -> {
                            if (disabled) {
                                metrics.webhookDisabled();
                                LOG.infof(
                                        "webhook %s disabled after %d failed attempts in a row",
                                        claimed.webhook(), config.disable().failures());
                            }
                            done();
                        },
                        failure -> {
                            // the lease runs out and the delivery is attempted again: at least once
                            warn("recording a webhook attempt failed", failure);
                            done();
                        });
    }

    private void done() {
        inFlight.decrementAndGet();
        if (backlog.get()) {
            poll();
        }
    }

    /** Exponential, with equal jitter: half the doubled interval, plus up to as much again at random. */
    Duration backoff(int attempt) {
        long initial = config.retry().initialInterval().toMillis();
        long max = config.retry().maxInterval().toMillis();
        long interval = attempt >= 40 ? max : Math.min(max, initial << Math.max(0, attempt - 1));
        return Duration.ofMillis(interval / 2 + ThreadLocalRandom.current().nextLong(interval / 2 + 1));
    }

    /** What came of one attempt. */
    record Answer(Integer status, AttemptOutcome outcome, String error) {

        static Answer of(Throwable failure) {
            if (failure instanceof TargetGuard.RefusedTarget) {
                return new Answer(null, AttemptOutcome.REFUSED_TARGET, failure.getMessage());
            }
            if (failure instanceof TimeoutException
                    || failure instanceof io.netty.handler.timeout.TimeoutException
                    || failure.getClass().getSimpleName().equals("NoStackTraceTimeoutException")) {
                return new Answer(null, AttemptOutcome.TIMEOUT, "no complete answer in time");
            }
            String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            return new Answer(null, AttemptOutcome.CONNECTION_FAILED, clip(message));
        }
    }

    private Uni<Answer> attempt(Claimed claimed) {
        byte[] body;
        String signature;
        long timestamp = Instant.now().getEpochSecond();
        String messageId = claimed.event().toString();
        TargetGuard.Target target;
        try {
            body = body(claimed);
            String secret = secrets.open(claimed.webhook(), claimed.storedSecret());
            signature = WebhookSecrets.signature(secret, messageId, timestamp, body);
            target = TargetGuard.parse("url", claimed.url());
        } catch (RuntimeException e) {
            return Uni.createFrom()
                    .item(new Answer(null, AttemptOutcome.CONNECTION_FAILED, clip("not sent: " + e.getMessage())));
        }
        return guard.resolve(target).chain(address -> post(target, address, messageId, timestamp, signature, body));
    }

    /** The message: Standard Webhooks' {@code type}, {@code timestamp}, {@code data}; the asset as the API shows it. */
    byte[] body(Claimed claimed) {
        try {
            JsonObject row = claimed.asset().copy();
            Object metadata = row.remove("metadata");
            Asset asset = mapper.readValue(row.encode(), Asset.class);
            asset.metadata = metadata == null ? null : io.vertx.core.json.Json.encode(metadata);
            EventMessage message = new EventMessage(
                    claimed.event(),
                    claimed.type(),
                    claimed.eventAt(),
                    new EventData(claimed.teamId(), AssetSummary.of(asset)));
            return mapper.writeValueAsBytes(message);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the event's asset cannot be read: " + e.getMessage(), e);
        }
    }

    private Uni<Answer> post(
            TargetGuard.Target target,
            InetAddress address,
            String messageId,
            long timestamp,
            String signature,
            byte[] body) {
        return Uni.createFrom()
                .completionStage(() -> {
                    RequestOptions request = new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
                            .setHost(target.host())
                            .setPort(target.port())
                            .setSsl(target.ssl())
                            .setURI(target.requestUri())
                            .setFollowRedirects(false)
                            .setConnectTimeout(config.connectTimeout().toMillis())
                            .setIdleTimeout(config.timeout().toMillis())
                            .putHeader("Content-Type", "application/json")
                            .putHeader("User-Agent", USER_AGENT)
                            .putHeader("webhook-id", messageId)
                            .putHeader("webhook-timestamp", Long.toString(timestamp))
                            .putHeader("webhook-signature", signature);
                    Promise<Answer> answer = Promise.promise();
                    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
                    // one deadline for the whole exchange: a receiver that trickles bytes cannot hold a slot longer
                    long deadline = vertx.setTimer(config.timeout().toMillis(), id -> {
                        if (answer.tryFail(new TimeoutException()) && sent.get() != null) {
                            sent.get().reset();
                        }
                    });
                    client.request(request)
                            .compose(req -> {
                                sent.set(req);
                                return req.send(Buffer.buffer(body));
                            })
                            .compose(response -> {
                                Promise<Answer> read = Promise.promise();
                                Buffer start = Buffer.buffer();
                                AtomicInteger length = new AtomicInteger();
                                response.handler(chunk -> {
                                    if (start.length() < MAX_ERROR_CHARS) {
                                        start.appendBuffer(chunk.slice(0, Math.min(chunk.length(), MAX_ERROR_CHARS)));
                                    }
                                    if (length.addAndGet(chunk.length()) > MAX_ANSWER_BYTES && sent.get() != null) {
                                        read.tryComplete(answered(response.statusCode(), start));
                                        sent.get().reset();
                                    }
                                });
                                response.exceptionHandler(read::tryFail);
                                response.endHandler(
                                        ignored -> read.tryComplete(answered(response.statusCode(), start)));
                                return read.future();
                            })
                            .onComplete(outcome -> {
                                vertx.cancelTimer(deadline);
                                if (outcome.succeeded()) {
                                    answer.tryComplete(outcome.result());
                                } else {
                                    answer.tryFail(outcome.cause());
                                }
                            });
                    return answer.future().toCompletionStage();
                })
                .onFailure()
                .recoverWithItem(Answer::of);
    }

    private static Answer answered(int status, Buffer start) {
        if (status >= 200 && status < 300) {
            return new Answer(status, AttemptOutcome.DELIVERED, null);
        }
        String text = start.toString(java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}\\p{Cf}\\uFFFD]", " ")
                .strip();
        String error =
                status >= 300 && status < 400 ? "redirects are not followed" : text.isEmpty() ? null : clip(text);
        return new Answer(status, AttemptOutcome.HTTP_ERROR, error);
    }

    private static String clip(String text) {
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text;
    }

    /** Failures of the dispatcher itself (not of receivers): an outage is logged once, anything else once a minute. */
    private void warn(String what, Throwable failure) {
        if (outages.report(failure)) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastWarning > TimeUnit.MINUTES.toNanos(1) || lastWarning == 0) {
            lastWarning = now;
            LOG.warnf("%s: %s", what, failure.toString());
        }
    }
}
