package dev.signet.webhook;

import dev.signet.common.PoolQueries;
import dev.signet.webhook.WebhookDtos.AttemptView;
import dev.signet.webhook.WebhookDtos.DeliveryView;
import dev.signet.webhook.WebhookDtos.WebhookView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The webhook tables (migration V5), on the plain reactive client: the team's webhooks, their delivery log, and
 * the dispatchers' claim and result statements. Events and the deliveries they fan out to are written by the
 * database trigger on {@code assets}, in the transaction of the change.
 */
@ApplicationScoped
public class WebhookRepository {

    /** A webhook with what a delivery needs: the URL and the stored secret. */
    public record Hook(WebhookView view, UUID teamId, String storedSecret) {}

    /**
     * A delivery a dispatcher claimed: attempt number {@code attempt}, what to send where, and how long its lease
     * still ran when the claim statement ended ({@code leaseMillis}, measured by the database: no clock skew with
     * the app; the lease itself counts from the claim transaction's start).
     */
    public record Claimed(
            UUID delivery,
            int attempt,
            Instant createdAt,
            UUID webhook,
            String url,
            String storedSecret,
            UUID event,
            EventType type,
            UUID teamId,
            Instant eventAt,
            // the text of asset_events.asset, the row the event kept (read by AssetSnapshot)
            String asset,
            // the text of asset_events.link: the use of a download link (link.used only), else null
            String link,
            long leaseMillis) {}

    /** The result of one attempt to record. */
    public record Result(
            Claimed claimed,
            Instant startedAt,
            long latencyMs,
            Integer status,
            AttemptOutcome outcome,
            String error,
            String sentBy,
            Instant nextAttempt,
            boolean giveUp) {

        boolean delivered() {
            return outcome == AttemptOutcome.DELIVERED;
        }
    }

    private static final String COLUMNS = """
            id, team_id, url, events, description, state, disabled_reason, disabled_at, consecutive_failures,
            failing_since, last_success_at, created_by, created_at, updated_at, secret""";

    private final Pool pool;

    public WebhookRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the webhook unless the team has {@code max} already; false then. */
    public Uni<Boolean> insert(
            UUID id,
            UUID teamId,
            String url,
            List<EventType> events,
            String description,
            String storedSecret,
            String createdBy,
            Instant now,
            int max) {
        return PoolQueries.execute(pool, """
                INSERT INTO webhooks (id, team_id, url, events, description, secret, created_by, created_at, updated_at)
                SELECT $1, $2, $3, $4, $5, $6, $7, $8, $8
                WHERE (SELECT count(*) FROM webhooks WHERE team_id = $2) < $9""", Tuple.from(new Object[] {
                    id, teamId, url, wires(events), description, storedSecret, createdBy, utc(now), max
                }))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<WebhookView>> list(UUID teamId) {
        return PoolQueries.execute(
                        pool,
                        "SELECT " + COLUMNS + " FROM webhooks WHERE team_id = $1 ORDER BY created_at, id",
                        Tuple.of(teamId))
                .map(rows -> {
                    List<WebhookView> views = new ArrayList<>();
                    for (Row row : rows) {
                        views.add(view(row));
                    }
                    return views;
                });
    }

    /** The team's webhook, or null. */
    public Uni<Hook> find(UUID teamId, UUID id) {
        return PoolQueries.execute(
                        pool,
                        "SELECT " + COLUMNS + " FROM webhooks WHERE id = $1 AND team_id = $2",
                        Tuple.of(id, teamId))
                .map(WebhookRepository::firstHook);
    }

    /**
     * Changes what is given (null: unchanged). {@code enabled} false disables it ({@code reason}) and pauses its
     * pending deliveries; true enables it, forgets its failures and sends what was paused. Null when not found.
     */
    public Uni<Hook> update(
            UUID teamId,
            UUID id,
            String url,
            List<EventType> events,
            String description,
            Boolean enabled,
            String reason) {
        return PoolQueries.execute(pool, """
                WITH w AS (
                    UPDATE webhooks SET
                        url = coalesce($3, url),
                        events = coalesce($4, events),
                        description = coalesce($5, description),
                        state = CASE WHEN $6::boolean IS NULL THEN state WHEN $6 THEN 'enabled' ELSE 'disabled' END,
                        disabled_reason = CASE WHEN $6::boolean IS NULL THEN disabled_reason WHEN $6 THEN NULL
                                               WHEN state = 'disabled' THEN disabled_reason ELSE $7 END,
                        disabled_at = CASE WHEN $6::boolean IS NULL THEN disabled_at WHEN $6 THEN NULL
                                           WHEN state = 'disabled' THEN disabled_at ELSE now() END,
                        consecutive_failures = CASE WHEN $6 THEN 0 ELSE consecutive_failures END,
                        failing_since = CASE WHEN $6 THEN NULL ELSE failing_since END,
                        updated_at = now()
                    WHERE id = $1 AND team_id = $2
                    RETURNING %s
                ), moved AS (
                    UPDATE webhook_deliveries d
                    SET state = CASE WHEN w.state = 'enabled' THEN 'pending' ELSE 'paused' END, next_attempt_at = now()
                    FROM w
                    WHERE $6::boolean IS NOT NULL AND d.webhook_id = w.id
                      AND d.state = CASE WHEN w.state = 'enabled' THEN 'paused' ELSE 'pending' END
                )
                SELECT * FROM w""".formatted(COLUMNS), Tuple.from(new Object[] {
                    id, teamId, url, events == null ? null : wires(events), description, enabled, reason
                }))
                .map(WebhookRepository::firstHook);
    }

    public Uni<Boolean> delete(UUID teamId, UUID id) {
        return PoolQueries.execute(pool, "DELETE FROM webhooks WHERE id = $1 AND team_id = $2", Tuple.of(id, teamId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A new delivery of the team's event to the webhook (a re-send), or null when the team has no such event. */
    public Uni<UUID> resend(UUID teamId, UUID webhook, UUID event) {
        return PoolQueries.execute(pool, """
                INSERT INTO webhook_deliveries (webhook_id, event_id, resend)
                SELECT $1, e.id, true FROM asset_events e WHERE e.id = $2 AND e.team_id = $3
                RETURNING id""", Tuple.of(webhook, event, teamId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID(0) : null);
    }

    /** The webhook's deliveries, newest first, before {@code beforeSeq} (null: from the newest), with their attempts. */
    public Uni<List<Map.Entry<Long, DeliveryView>>> deliveries(UUID webhook, Long beforeSeq, UUID only, int limit) {
        return PoolQueries.execute(pool, """
                SELECT d.seq, d.id, d.event_id, e.type, e.asset_id, d.state, d.resend, d.attempts, d.next_attempt_at,
                       d.created_at, d.finished_at
                FROM webhook_deliveries d JOIN asset_events e ON e.id = d.event_id
                WHERE d.webhook_id = $1 AND ($2::bigint IS NULL OR d.seq < $2) AND ($3::uuid IS NULL OR d.id = $3)
                ORDER BY d.seq DESC LIMIT $4""", Tuple.of(webhook, beforeSeq, only, limit))
                .chain(rows -> {
                    List<Row> deliveries = new ArrayList<>();
                    rows.forEach(deliveries::add);
                    UUID[] ids = deliveries.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new);
                    return attempts(ids).map(log -> {
                        List<Map.Entry<Long, DeliveryView>> page = new ArrayList<>();
                        for (Row r : deliveries) {
                            UUID id = r.getUUID("id");
                            page.add(Map.entry(
                                    r.getLong("seq"),
                                    new DeliveryView(
                                            id,
                                            r.getUUID("event_id"),
                                            EventType.fromWire(r.getString("type")),
                                            r.getUUID("asset_id"),
                                            DeliveryState.fromWire(r.getString("state")),
                                            r.getBoolean("resend"),
                                            r.getInteger("attempts"),
                                            instant(r, "next_attempt_at"),
                                            instant(r, "created_at"),
                                            instant(r, "finished_at"),
                                            log.getOrDefault(id, List.of()))));
                        }
                        return page;
                    });
                });
    }

    private Uni<Map<UUID, List<AttemptView>>> attempts(UUID[] deliveries) {
        if (deliveries.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return PoolQueries.execute(pool, """
                SELECT delivery_id, attempt, started_at, latency_ms, status, outcome, error, sent_by
                FROM webhook_attempts WHERE delivery_id = ANY ($1) ORDER BY delivery_id, attempt, id""", Tuple.of(deliveries)).map(rows -> {
            Map<UUID, List<AttemptView>> log = new LinkedHashMap<>();
            for (Row r : rows) {
                log.computeIfAbsent(r.getUUID("delivery_id"), id -> new ArrayList<>())
                        .add(new AttemptView(
                                r.getInteger("attempt"),
                                instant(r, "started_at"),
                                r.getInteger("latency_ms"),
                                r.getInteger("status"),
                                AttemptOutcome.fromWire(r.getString("outcome")),
                                r.getString("error"),
                                r.getString("sent_by")));
            }
            return log;
        });
    }

    /** The channel the database notifies when it adds a pending delivery (migration V6). */
    static final String CHANNEL = "signet_webhook_deliveries";

    /**
     * Listens for new pending deliveries on a connection of its own, taken from the pool and kept: {@code
     * onNotice} gets the webhook id of each notification, {@code onLost} runs when the connection ends.
     * Completes once listening.
     */
    public Uni<Void> listen(Consumer<String> onNotice, Runnable onLost) {
        return pool.getConnection().chain(connection -> {
            PgConnection pg = PgConnection.cast(connection.getDelegate());
            pg.notificationHandler(notice -> onNotice.accept(notice.getPayload()));
            pg.closeHandler(ignored -> onLost.run());
            return connection
                    .query("LISTEN " + CHANNEL)
                    .execute()
                    .replaceWithVoid()
                    .onFailure()
                    .call(connection::close);
        });
    }

    /**
     * Claims up to {@code room} due deliveries for this replica. A webhook is claimed by one replica at a time:
     * only a webhook with no live lease is claimed for, and then up to {@code room} of its due deliveries at once,
     * which the claiming replica sends at most {@code perWebhook} at a time (so at most that many are in flight to
     * it across all replicas). In one transaction: first the webhooks with due deliveries and no live lease are
     * locked ({@code FOR UPDATE SKIP LOCKED}: another replica claiming for one of them makes this one skip it),
     * then, in a snapshot taken after those locks (READ COMMITTED: a new one per statement), it is checked again
     * that none of theirs is leased, and the oldest due ones are leased. The lease of the n-th delivery of a
     * webhook covers the waves of {@code perWebhook} sends before it: {@code attemptSeconds} × (1 + (n - 1) /
     * perWebhook) + {@code marginSeconds}. A lease that runs out (a replica that died while sending) makes the
     * delivery due again: delivery is at least once.
     */
    public Uni<List<Claimed>> claim(int room, int perWebhook, long attemptSeconds, long marginSeconds) {
        return pool.withTransaction(connection -> lockDueWebhooks(connection, room)
                .chain(hooks -> hooks.length == 0
                        ? Uni.createFrom().item(List.<Claimed>of())
                        : lease(connection, hooks, room, perWebhook, attemptSeconds, marginSeconds)));
    }

    private static Uni<UUID[]> lockDueWebhooks(SqlConnection connection, int limit) {
        return connection.preparedQuery("""
                SELECT w.id FROM webhooks w
                WHERE w.state = 'enabled' AND w.id IN (
                    SELECT d.webhook_id FROM webhook_deliveries d
                    WHERE d.state = 'pending' AND d.next_attempt_at <= now()
                      AND (d.leased_until IS NULL OR d.leased_until <= now()))
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries i
                                  WHERE i.webhook_id = w.id AND i.leased_until > now() AND i.state = 'pending')
                LIMIT $1
                FOR UPDATE OF w SKIP LOCKED""").execute(Tuple.of(limit)).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getUUID(0)));
            return ids.toArray(UUID[]::new);
        });
    }

    private static Uni<List<Claimed>> lease(
            SqlConnection connection, UUID[] hooks, int room, int perWebhook, long attemptSeconds, long marginSeconds) {
        return connection
                .preparedQuery("""
                UPDATE webhook_deliveries d
                SET leased_until = now() + make_interval(secs => $4 * (1 + (due.n - 1) / $3) + $5),
                    attempts = d.attempts + 1
                FROM (SELECT c.id, c.n FROM unnest($1::uuid[]) AS h (id)
                      CROSS JOIN LATERAL (SELECT x.id, x.next_attempt_at, x.seq,
                                                 row_number() OVER (ORDER BY x.next_attempt_at, x.seq) AS n
                                          FROM webhook_deliveries x
                                          WHERE x.webhook_id = h.id AND x.state = 'pending' AND x.next_attempt_at <= now()
                                            AND (x.leased_until IS NULL OR x.leased_until <= now())
                                            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries i
                                                            WHERE i.webhook_id = h.id AND i.leased_until > now()
                                                              AND i.state = 'pending')
                                          ORDER BY x.next_attempt_at, x.seq
                                          LIMIT $2) c
                      ORDER BY c.next_attempt_at, c.seq
                      LIMIT $2) due, webhooks w, asset_events e
                WHERE d.id = due.id AND w.id = d.webhook_id AND e.id = d.event_id
                RETURNING d.id, d.attempts, d.created_at, w.id AS webhook_id, w.url, w.secret, e.id AS event_id, e.type,
                          e.team_id, e.created_at AS event_at, e.asset::text AS asset, e.link::text AS link,
                          (extract(epoch FROM d.leased_until - clock_timestamp()) * 1000)::bigint AS lease_ms""")
                .execute(Tuple.of(hooks, room, perWebhook, (double) attemptSeconds, (double) marginSeconds))
                .map(WebhookRepository::claimed);
    }

    private static List<Claimed> claimed(RowSet<Row> rows) {
        List<Claimed> claimed = new ArrayList<>();
        for (Row r : rows) {
            claimed.add(new Claimed(
                    r.getUUID("id"),
                    r.getInteger("attempts"),
                    instant(r, "created_at"),
                    r.getUUID("webhook_id"),
                    r.getString("url"),
                    r.getString("secret"),
                    r.getUUID("event_id"),
                    EventType.fromWire(r.getString("type")),
                    r.getUUID("team_id"),
                    instant(r, "event_at"),
                    r.getString("asset"),
                    r.getString("link"),
                    r.getLong("lease_ms")));
        }
        return claimed;
    }

    /**
     * Records attempts that were delivered, many in one statement: their log rows; each delivery delivered (only if
     * that attempt still holds it); each webhook's failure streak ended. Returns the deliveries whose state this
     * changed: one missing was taken from this replica meanwhile (its webhook deleted or paused, its lease run out).
     * A delivery deleted meanwhile (its webhook deleted) gets no log row: the row would have nothing to refer to.
     */
    public Uni<Set<UUID>> recordDelivered(List<Result> results) {
        int n = results.size();
        UUID[] delivery = new UUID[n];
        Integer[] attempt = new Integer[n];
        OffsetDateTime[] started = new OffsetDateTime[n];
        Integer[] latency = new Integer[n];
        Integer[] status = new Integer[n];
        Set<UUID> hooks = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            Result r = results.get(i);
            delivery[i] = r.claimed().delivery();
            attempt[i] = r.claimed().attempt();
            started[i] = utc(r.startedAt());
            latency[i] = (int) r.latencyMs();
            status[i] = r.status();
            hooks.add(r.claimed().webhook());
        }
        return PoolQueries.execute(pool, """
                WITH r AS (
                    SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::int[], $5::int[])
                        AS r (delivery, attempt, started_at, latency_ms, status)
                ), attempt AS (
                    INSERT INTO webhook_attempts (delivery_id, attempt, started_at, latency_ms, status, outcome, error,
                                                  sent_by)
                    SELECT r.delivery, r.attempt, r.started_at, r.latency_ms, r.status, 'delivered', NULL, $6 FROM r
                    WHERE EXISTS (SELECT 1 FROM webhook_deliveries x WHERE x.id = r.delivery)
                ), delivery AS (
                    UPDATE webhook_deliveries d SET
                        leased_until = NULL, last_status = r.status, last_error = NULL, state = 'delivered',
                        finished_at = now()
                    FROM r
                    WHERE d.id = r.delivery AND d.attempts = r.attempt AND d.state = 'pending'
                    RETURNING d.id
                ), hook AS (
                    UPDATE webhooks SET consecutive_failures = 0, failing_since = NULL, last_success_at = now()
                    WHERE id = ANY ($7)
                )
                SELECT id FROM delivery""", Tuple.from(new Object[] {
                    delivery, attempt, started, latency, status, results.get(0).sentBy(), hooks.toArray(UUID[]::new)
                }))
                .map(rows -> {
                    Set<UUID> changed = new HashSet<>();
                    rows.forEach(row -> changed.add(row.getUUID(0)));
                    return changed;
                });
    }

    /**
     * Gives claimed deliveries back unsent: their leases end and their attempt counts go back, so they are due
     * again at once for any replica (only where the claim is still theirs).
     */
    public Uni<Void> release(List<Claimed> claimed) {
        UUID[] ids = claimed.stream().map(Claimed::delivery).toArray(UUID[]::new);
        Integer[] attempts = claimed.stream().map(Claimed::attempt).toArray(Integer[]::new);
        return PoolQueries.execute(pool, """
                UPDATE webhook_deliveries d SET leased_until = NULL, attempts = d.attempts - 1
                FROM unnest($1::uuid[], $2::int[]) AS r (id, attempt)
                WHERE d.id = r.id AND d.attempts = r.attempt AND d.state IN ('pending', 'paused')""", Tuple.of(ids, attempts)).replaceWithVoid();
    }

    /**
     * Records one attempt: its log row; the delivery's new state (only if this is still the attempt that holds it);
     * the webhook's failure streak, disabling it (and pausing its other pending deliveries) when it has failed
     * {@code disableFailures} times in a row for at least {@code disableAfterSeconds}. Returns whether this
     * attempt disabled the webhook.
     */
    public Uni<Boolean> record(Result r, int disableFailures, long disableAfterSeconds) {
        Claimed c = r.claimed();
        return PoolQueries.execute(pool, """
                WITH attempt AS (
                    INSERT INTO webhook_attempts (delivery_id, attempt, started_at, latency_ms, status, outcome, error,
                                                  sent_by)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ), delivery AS (
                    UPDATE webhook_deliveries SET
                        leased_until = NULL, last_status = $5, last_error = $7,
                        state = CASE WHEN $9 THEN 'delivered' WHEN $10 THEN 'failed' ELSE 'pending' END,
                        next_attempt_at = CASE WHEN $9 OR $10 THEN next_attempt_at ELSE $11 END,
                        finished_at = CASE WHEN $9 OR $10 THEN now() END
                    WHERE id = $1 AND attempts = $2 AND state = 'pending'
                ), streak AS (
                    SELECT id, NOT $9 AND state = 'enabled' AND consecutive_failures + 1 >= $12
                               AND coalesce(failing_since, $3) <= now() - make_interval(secs => $13) AS disable
                    FROM webhooks WHERE id = $14
                ), hook AS (
                    UPDATE webhooks w SET
                        consecutive_failures = CASE WHEN $9 THEN 0 ELSE w.consecutive_failures + 1 END,
                        failing_since = CASE WHEN $9 THEN NULL ELSE coalesce(w.failing_since, $3) END,
                        last_success_at = CASE WHEN $9 THEN now() ELSE w.last_success_at END,
                        state = CASE WHEN s.disable THEN 'disabled' ELSE w.state END,
                        disabled_at = CASE WHEN s.disable THEN now() ELSE w.disabled_at END,
                        disabled_reason = CASE WHEN s.disable
                            THEN format('Disabled by Signet after %s failed delivery attempts in a row since %s '
                                        || '(the last: %s). Fix the endpoint, then PATCH it with "enabled": true.',
                                        w.consecutive_failures + 1,
                                        to_char(coalesce(w.failing_since, $3) AT TIME ZONE 'UTC',
                                                'YYYY-MM-DD"T"HH24:MI:SS"Z"'), $15::text)
                            ELSE w.disabled_reason END
                    FROM streak s WHERE w.id = s.id
                    RETURNING s.disable
                ), paused AS (
                    UPDATE webhook_deliveries SET state = 'paused'
                    WHERE webhook_id = $14 AND state = 'pending' AND id <> $1
                      AND EXISTS (SELECT 1 FROM hook WHERE hook.disable)
                )
                SELECT coalesce((SELECT disable FROM hook), false)""", Tuple.from(new Object[] {
                    c.delivery(),
                    c.attempt(),
                    utc(r.startedAt()),
                    (int) r.latencyMs(),
                    r.status(),
                    r.outcome().wire(),
                    r.error(),
                    r.sentBy(),
                    r.delivered(),
                    r.giveUp(),
                    r.nextAttempt() == null ? null : utc(r.nextAttempt()),
                    disableFailures,
                    (double) disableAfterSeconds,
                    c.webhook(),
                    describe(r)
                }))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private static String describe(Result r) {
        return r.status() != null
                ? "HTTP " + r.status()
                : r.outcome().wire() + (r.error() == null ? "" : ": " + r.error());
    }

    private static Hook firstHook(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row row = it.next();
        return new Hook(view(row), row.getUUID("team_id"), row.getString("secret"));
    }

    private static WebhookView view(Row r) {
        List<EventType> events = new ArrayList<>();
        for (String wire : r.getArrayOfStrings("events")) {
            events.add(EventType.fromWire(wire));
        }
        return new WebhookView(
                r.getUUID("id"),
                r.getString("url"),
                events,
                r.getString("description"),
                WebhookState.fromWire(r.getString("state")),
                r.getString("disabled_reason"),
                instant(r, "disabled_at"),
                r.getInteger("consecutive_failures"),
                instant(r, "failing_since"),
                instant(r, "last_success_at"),
                r.getString("created_by"),
                instant(r, "created_at"),
                instant(r, "updated_at"));
    }

    private static String[] wires(List<EventType> events) {
        return events.stream().map(EventType::wire).distinct().toArray(String[]::new);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
