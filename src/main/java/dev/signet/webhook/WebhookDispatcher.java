package dev.signet.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.asset.AssetSnapshot;
import dev.signet.http.Outages;
import dev.signet.ops.SignetMetrics;
import dev.signet.webhook.WebhookDtos.EventData;
import dev.signet.webhook.WebhookDtos.EventMessage;
import dev.signet.webhook.WebhookDtos.LinkUsed;
import dev.signet.webhook.WebhookRepository.Claimed;
import dev.signet.webhook.WebhookRepository.Result;
import io.quarkus.runtime.ShutdownEvent;
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
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Delivers events to webhooks, on every replica. It claims due deliveries in batches ({@link
 * WebhookRepository#claim}: {@code FOR UPDATE SKIP LOCKED}, leases, one replica holding a webhook's claimed
 * deliveries at a time), keeps up to {@code max-in-flight-per-webhook} of a webhook's sends in flight (a
 * non-blocking Vert.x HTTP client, kept-alive connections), and records the attempts: the delivered ones of
 * many sends in one statement, a failed one on its own (its retry, the webhook's failure streak). It claims when
 * new deliveries are notified (PostgreSQL {@code LISTEN}), when a batch's worth of room is free and more may be
 * due, when a webhook's claimed deliveries are all done, and every {@code poll-interval}. Nothing here runs on
 * a request's path: the upload endpoints only commit rows, and the event trigger adds its rows to the same
 * transaction.
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
    /** A lease outlives the sends it covers by this much: recording the result, resolving the name. */
    private static final long LEASE_MARGIN_SECONDS = 30;
    /** A claimed delivery is sent only while its lease has one attempt and this much left (else given back). */
    private static final long SEND_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Vertx vertx;
    private final WebhookRepository repository;
    private final WebhookSecrets secrets;
    private final TargetGuard guard;
    private final WebhookConfig config;
    private final ObjectMapper mapper;
    private final SignetMetrics metrics;
    private final Outages outages;
    private final String sentBy;
    /** The longest one attempt takes: connecting, then the whole request. */
    private final long attemptSeconds;
    /** Claimed deliveries this replica holds at most (waiting, being sent, being recorded). */
    private final int capacity;
    /** The room a claim other than the periodic one waits for: a batch's worth. */
    private final int batchRoom;

    // What this replica holds, guarded by `this`: short sections, no I/O inside.
    private final Map<UUID, Lane> lanes = new LinkedHashMap<>();
    private final List<Result> delivered = new ArrayList<>();
    private int held;
    private int sending;
    private int turn;
    private boolean claiming;
    /** A claim was asked for while one ran, or more may be due than the last claim took. */
    private boolean wanted;

    private boolean recording;
    private volatile boolean stopped;
    private volatile boolean listening;
    private volatile long lastWarning;
    private HttpClient client;
    private long timer = -1;

    /** One webhook's claimed deliveries on this replica: the ones waiting in due order, and how many are sent now. */
    private static final class Lane {
        final ArrayDeque<Held> waiting = new ArrayDeque<>();
        int sending;
        int held;
    }

    /** A claimed delivery and the {@link System#nanoTime()} at which its lease runs out. */
    private record Held(Claimed claimed, long leaseEnd) {}

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
        this.attemptSeconds = config.connectTimeout().plus(config.timeout()).toSeconds() + 1;
        this.capacity = Math.max(config.batch(), config.maxInFlight());
        this.batchRoom = Math.min(config.batch(), capacity);
    }

    void start(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setName("signet-webhooks")
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setIdleTimeout((int) config.timeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setKeepAlive(true)
                .setVerifyHost(true)
                // one request per connection at a time (no pipelining: receivers differ in how they handle it);
                // a webhook's sends at once each have a kept-alive connection
                .setMaxPoolSize(config.maxInFlightPerWebhook()));
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
            if (config.listen() && !listening) {
                listen();
            }
            poll();
        });
        if (config.listen()) {
            listen();
        }
        LOG.infof(
                "Webhook deliveries: claimed %d at a time, every %s%s, up to %d sent at once on this replica (%s) "
                        + "and %d per webhook; retries for %s; private targets %s",
                config.batch(),
                config.pollInterval(),
                config.listen() ? " and when notified" : "",
                config.maxInFlight(),
                sentBy,
                config.maxInFlightPerWebhook(),
                config.retry().window(),
                guard.allowsPrivateTargets() ? "ALLOWED (signet.webhooks.allow-private-targets)" : "refused");
    }

    /** No new claims, sends or listening once shutting down (before the database pool closes). */
    void shuttingDown(@Observes ShutdownEvent event) {
        stopped = true;
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

    /** Listens for new deliveries; while it cannot, the periodic poll tries again (and finds them anyway). */
    private void listen() {
        if (stopped || listening) {
            return;
        }
        listening = true;
        repository.listen(this::notified, () -> listening = false).subscribe().with(ignored -> {}, failure -> {
            listening = false;
            if (!stopped) {
                warn("listening for new webhook deliveries failed", failure);
            }
        });
    }

    /**
     * New deliveries to {@code webhook} were committed: claim them now if a batch's worth of room is free, else
     * once it is. Not while this replica holds that webhook's: they are claimed when those are done.
     */
    private void notified(String webhook) {
        synchronized (this) {
            if (lanes.containsKey(parse(webhook))) {
                return;
            }
            wanted = true;
        }
        claim(false);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The periodic claim: whatever room is free. */
    void poll() {
        claim(true);
    }

    /**
     * Claims what is due and starts sending it; at most one claim at a time per replica. {@code anyRoom}: claim
     * into whatever room is free (the periodic poll); otherwise only when a batch's worth is free, else later.
     */
    private void claim(boolean anyRoom) {
        int room;
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (claiming) {
                wanted = true;
                return;
            }
            room = Math.min(config.batch(), capacity - held);
            if (room <= 0 || (!anyRoom && room < batchRoom)) {
                wanted = true;
                return;
            }
            claiming = true;
            wanted = false;
        }
        repository
                .claim(room, config.maxInFlightPerWebhook(), attemptSeconds, LEASE_MARGIN_SECONDS)
                .subscribe()
                .with(
                        claimed -> {
                            long now = System.nanoTime();
                            boolean again;
                            synchronized (this) {
                                claiming = false;
                                for (Claimed c : claimed) {
                                    Lane lane = lanes.computeIfAbsent(c.webhook(), id -> new Lane());
                                    lane.waiting.add(new Held(c, now + TimeUnit.MILLISECONDS.toNanos(c.leaseMillis())));
                                    lane.held++;
                                    held++;
                                }
                                // a full claim: more may be due
                                again = wanted || claimed.size() == room;
                                wanted = false;
                            }
                            if (!claimed.isEmpty()) {
                                metrics.webhookClaim(claimed.size());
                            }
                            pump();
                            if (again) {
                                claim(false);
                            }
                        },
                        failure -> {
                            synchronized (this) {
                                claiming = false;
                            }
                            warn("claiming webhook deliveries failed", failure);
                        });
    }

    /**
     * Starts what may be sent now: at most {@code max-in-flight} on this replica and {@code
     * max-in-flight-per-webhook} per webhook, each webhook's in due order, the webhooks in turn. A delivery whose
     * lease would not outlast an attempt is given back unsent.
     */
    private void pump() {
        List<Held> start = new ArrayList<>();
        List<Claimed> late = new ArrayList<>();
        synchronized (this) {
            if (stopped || lanes.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            long attempt = TimeUnit.SECONDS.toNanos(attemptSeconds);
            List<Lane> order = new ArrayList<>(lanes.values());
            int first = Math.floorMod(turn++, order.size());
            for (int i = 0; i < order.size() && sending < config.maxInFlight(); i++) {
                Lane lane = order.get((first + i) % order.size());
                while (sending < config.maxInFlight()
                        && lane.sending < config.maxInFlightPerWebhook()
                        && !lane.waiting.isEmpty()) {
                    Held next = lane.waiting.poll();
                    if (next.leaseEnd() - now < attempt + SEND_MARGIN_NANOS) {
                        late.add(next.claimed());
                        continue;
                    }
                    lane.sending++;
                    sending++;
                    start.add(next);
                }
            }
        }
        start.forEach(next -> send(next.claimed()));
        giveBack(late);
    }

    private void send(Claimed claimed) {
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
        synchronized (this) {
            Lane lane = lanes.get(claimed.webhook());
            if (lane != null) {
                lane.sending--;
            }
            sending--;
            if (delivered) {
                this.delivered.add(result);
            }
        }
        if (delivered) {
            recordDelivered();
        } else {
            recordFailed(result);
        }
        pump();
    }

    /**
     * Records the delivered attempts waiting, in one statement; those finishing meanwhile wait for the next one.
     * A delivery this replica no longer holds (its webhook paused or deleted, its lease run out) makes it give
     * back the rest of that webhook's.
     */
    private void recordDelivered() {
        List<Result> batch;
        synchronized (this) {
            if (recording || delivered.isEmpty()) {
                return;
            }
            recording = true;
            batch = new ArrayList<>(delivered);
            delivered.clear();
        }
        repository
                .recordDelivered(batch)
                .subscribe()
                .with(
                        changed -> {
                            Set<UUID> lost = new LinkedHashSet<>();
                            for (Result r : batch) {
                                if (!changed.contains(r.claimed().delivery())) {
                                    lost.add(r.claimed().webhook());
                                }
                            }
                            recorded(batch);
                            lost.forEach(this::dropLane);
                        },
                        failure -> {
                            // the leases run out and the deliveries are attempted again: at least once
                            warn("recording webhook attempts failed", failure);
                            recorded(batch);
                        });
    }

    private void recorded(List<Result> batch) {
        synchronized (this) {
            recording = false;
        }
        forget(batch.stream().map(Result::claimed).toList());
        recordDelivered();
    }

    private void recordFailed(Result result) {
        Claimed claimed = result.claimed();
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
                                dropLane(claimed.webhook());
                            }
                            forget(List.of(claimed));
                        },
                        failure -> {
                            // the lease runs out and the delivery is attempted again: at least once
                            warn("recording a webhook attempt failed", failure);
                            forget(List.of(claimed));
                        });
    }

    /** Gives back a webhook's deliveries that wait here (it was paused, disabled or deleted meanwhile). */
    private void dropLane(UUID webhook) {
        List<Claimed> waiting = new ArrayList<>();
        synchronized (this) {
            Lane lane = lanes.get(webhook);
            if (lane != null) {
                lane.waiting.forEach(h -> waiting.add(h.claimed()));
                lane.waiting.clear();
            }
        }
        giveBack(waiting);
    }

    /** Ends the leases of deliveries not sent, so that they are due again at once for any replica. */
    private void giveBack(List<Claimed> unsent) {
        if (unsent.isEmpty()) {
            return;
        }
        repository.release(unsent).subscribe().with(ignored -> forget(unsent), failure -> {
            // their leases run out instead
            warn("giving back webhook deliveries failed", failure);
            forget(unsent);
        });
    }

    /**
     * Deliveries this replica no longer holds (recorded or given back). A webhook whose deliveries are all done
     * here may be claimed again (by any replica): claim now, as when a batch's worth of room came free.
     */
    private void forget(List<Claimed> done) {
        boolean claim;
        synchronized (this) {
            boolean drained = false;
            for (Claimed c : done) {
                held--;
                Lane lane = lanes.get(c.webhook());
                if (lane != null && --lane.held <= 0) {
                    lanes.remove(c.webhook());
                    drained = true;
                }
            }
            claim = drained || (wanted && capacity - held >= batchRoom);
        }
        if (claim) {
            claim(false);
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

    /**
     * The message: Standard Webhooks' {@code type}, {@code timestamp}, {@code data}; the asset as the API shows it
     * ({@link AssetSnapshot}: the one rendering of an asset, from the row the event kept).
     */
    byte[] body(Claimed claimed) {
        EventMessage message = new EventMessage(
                claimed.event(),
                claimed.type(),
                claimed.eventAt(),
                new EventData(claimed.teamId(), AssetSnapshot.summary(claimed.asset()), linkUsed(claimed.link())));
        try {
            return mapper.writeValueAsBytes(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the event cannot be written: " + e.getMessage(), e);
        }
    }

    private LinkUsed linkUsed(String link) {
        if (link == null) {
            return null;
        }
        try {
            return mapper.readValue(link, LinkUsed.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the event's link use cannot be read: " + e.getMessage(), e);
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
