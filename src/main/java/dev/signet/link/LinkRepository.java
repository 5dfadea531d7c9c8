package dev.signet.link;

import dev.signet.common.GenericPlanPool;
import dev.signet.common.GroupInsert;
import dev.signet.common.PoolQueries;
import dev.signet.common.WireEnum;
import dev.signet.http.Outages;
import dev.signet.link.LinkDtos.LinkUse;
import dev.signet.link.LinkDtos.LinkView;
import dev.signet.ops.SignetMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one class with queries on {@code download_links}, {@code link_uses} and {@code link_use_counts}. All on the plain reactive client: the
 * redirect is a hot public path that needs no session, and the rest reads and writes rows, not entities.
 */
@ApplicationScoped
public class LinkRepository {

    /** What a counted use redirects to. */
    public record Redirect(String objectKey, String fileName, LinkDisposition disposition) {}

    /**
     * How a use ended: {@code outcome} null for a token that is no link's (nothing logged); {@code redirect} set only
     * when it was {@link LinkOutcome#REDIRECTED}.
     */
    public record UseResult(LinkOutcome outcome, Redirect redirect) {}

    /**
     * A link as a use finds it, read without a lock ({@link #CHECK}): {@code refused} the outcome that refuses the use
     * now (null when nothing does); {@code limited} when it has {@code max_uses}, whose uses are decided and counted
     * only under its row's lock ({@link #use}).
     */
    public record Check(UUID linkId, boolean limited, LinkOutcome refused, Redirect redirect) {}

    /** A use decided without a lock, to be logged ({@link #log}); {@code at} when it was decided. */
    public record LoggedUse(
            UUID linkId, Instant at, String ip, String userAgent, LinkOutcome outcome, boolean events) {}

    /**
     * A link's use count: on its row for a link with {@code max_uses} (decided under the row's lock), in the shards
     * of {@code link_use_counts} for one without (no row that concurrent groups would wait for); see {@link #USE}.
     */
    private static final String USES =
            "(l.uses + coalesce((SELECT sum(c.uses) FROM link_use_counts c WHERE c.link_id = l.id), 0))::int";

    /** The columns of a {@link LinkView}. */
    private static final String VIEW = "l.id, l.asset_id, l.expires_at, l.max_uses, " + USES + " AS uses,"
            + " l.allowed_ips::text[] AS ips, l.disposition, l.file_name, l.created_at, l.created_by, l.revoked_at";

    /** The deliveries of the CTE {@code event}'s events to the team's webhooks that asked for {@code link.used}. */
    private static final String FANOUT = """
            fanout AS (
                INSERT INTO webhook_deliveries (webhook_id, event_id, state)
                SELECT w.id, e.id, CASE WHEN w.state = 'enabled' THEN 'pending' ELSE 'paused' END
                FROM event e JOIN webhooks w ON w.team_id = e.team_id AND 'link.used' = ANY (w.events)
            )
            """;

    /**
     * A group of uses decided under lock, counted and logged in one statement (one round trip, one commit, one WAL
     * flush), before their answers: the uses of links with {@code max_uses}, and of every link with
     * {@code signet.links.log-before-redirect}; the others are checked by {@link #CHECK} and logged by {@link #LOG}. $1..$4 are arrays with one entry
     * per use: token hash, caller's address, user agent, whether to write its event {@code link.used}
     * (signet.links.use-events); $5 the shard of {@code link_use_counts} this group counts in.
     * <p>
     * Links with {@code max_uses} are locked in id order (so two groups never wait for each other in a cycle) and
     * read as committed now; links without are read as of the statement's start. Either way a revoke that committed
     * before the statement refuses the use. Each use is decided in its order within the group: refused when the
     * address is outside {@code allowed_ips}, the asset is not ready, the link is revoked or expired; then, of the
     * uses left for a link with {@code max_uses}, only as many as it has left are redirected and the rest are
     * {@code used_up} (the lock makes racing groups see each other's counts, so exactly {@code max_uses} are ever
     * redirected). The uses redirected are counted once per group and link: on the link's row when it has
     * {@code max_uses}, else in one shard of {@code link_use_counts} (V11), so that groups using one unlimited link
     * at once do not wait for each other's commit. Every use of a known token is logged in order, with its event and
     * that event's deliveries to the team's webhooks that asked for it (as V5's trigger writes asset events). One row
     * per use comes back, {@code ord} its place in the arrays (from 1); a null outcome is a token that is no link's.
     */
    private static final String USE =
            """
            WITH req AS (
                SELECT r.ord, r.token_hash, r.ip::inet AS ip, r.user_agent, r.events
                FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])
                     WITH ORDINALITY AS r (token_hash, ip, user_agent, events, ord)
            ),
            limited AS (
                SELECT l.id, l.team_id, l.asset_id, l.token_hash, l.max_uses, l.uses, l.allowed_ips, l.revoked_at,
                       l.expires_at, l.disposition, l.file_name
                FROM download_links l
                WHERE l.token_hash = ANY ($1::text[]) AND l.max_uses IS NOT NULL
                ORDER BY l.id
                FOR UPDATE
            ),
            link AS (
                SELECT * FROM limited
                UNION ALL
                SELECT l.id, l.team_id, l.asset_id, l.token_hash, l.max_uses, l.uses, l.allowed_ips, l.revoked_at,
                       l.expires_at, l.disposition, l.file_name
                FROM download_links l
                WHERE l.token_hash = ANY ($1::text[]) AND l.max_uses IS NULL
            ),
            checked AS (
                SELECT q.ord, q.ip, q.user_agent, q.events, k.id, k.team_id, k.asset_id, k.max_uses, k.uses,
                       k.disposition, k.file_name, a.object_key,
                       CASE WHEN k.allowed_ips IS NOT NULL AND NOT coalesce(q.ip <<= ANY (k.allowed_ips), false)
                                THEN 'ip_refused'
                            WHEN a.state IS DISTINCT FROM 'ready' THEN 'asset_gone'
                            WHEN k.revoked_at IS NOT NULL THEN 'revoked'
                            WHEN k.expires_at <= now() THEN 'expired'
                       END AS refused
                FROM req q LEFT JOIN link k ON k.token_hash = q.token_hash LEFT JOIN assets a ON a.id = k.asset_id
            ),
            decided AS (
                SELECT c.*,
                       CASE WHEN c.id IS NULL THEN NULL
                            WHEN c.refused IS NOT NULL THEN c.refused
                            WHEN c.max_uses IS NOT NULL AND c.uses
                                     + row_number() OVER (PARTITION BY c.id, c.refused IS NULL ORDER BY c.ord)
                                     > c.max_uses
                                THEN 'used_up'
                            ELSE 'redirected'
                       END AS outcome
                FROM checked c
            ),
            granted AS (
                SELECT id, max_uses, count(*)::int AS n FROM decided WHERE outcome = 'redirected' GROUP BY id, max_uses
            ),
            counted AS (
                UPDATE download_links l SET uses = l.uses + g.n
                FROM granted g
                WHERE l.id = g.id AND g.max_uses IS NOT NULL
            ),
            sharded AS (
                INSERT INTO link_use_counts AS c (link_id, shard, uses)
                SELECT id, $5, n FROM granted WHERE max_uses IS NULL ORDER BY id
                ON CONFLICT (link_id, shard) DO UPDATE SET uses = c.uses + excluded.uses
            ),
            logged AS (
                INSERT INTO link_uses (link_id, ip, user_agent, outcome)
                SELECT id, ip, user_agent, outcome FROM decided WHERE id IS NOT NULL ORDER BY ord
            ),
            event AS (
                INSERT INTO asset_events (id, team_id, asset_id, type, asset, link)
                SELECT gen_random_uuid(), s.team_id, s.asset_id, 'link.used', to_jsonb(a),
                       jsonb_build_object('id', s.id, 'outcome', s.outcome, 'ip', host(s.ip), 'user_agent', s.user_agent,
                                          'uses', s.uses_after)
                FROM (SELECT d.*, d.uses + coalesce(x.uses, 0) + count(*) FILTER (WHERE d.outcome = 'redirected')
                                                              OVER (PARTITION BY d.id ORDER BY d.ord) AS uses_after
                      FROM decided d
                      LEFT JOIN LATERAL (SELECT sum(c.uses) AS uses FROM link_use_counts c
                                         WHERE d.events AND d.max_uses IS NULL AND c.link_id = d.id) x ON true) s
                JOIN assets a ON a.id = s.asset_id
                WHERE s.events AND s.outcome IS NOT NULL
                ORDER BY s.ord
                RETURNING id, team_id
            ),
            """ + FANOUT + "SELECT ord, outcome, object_key, file_name, disposition FROM decided";

    /**
     * The links of a group of uses as they are now, read without a lock: $1 and $2 are arrays with one entry per use
     * (token hash, caller's address). One row per use of a known token, {@code ord} its place in the arrays (from 1),
     * with the outcome that refuses it (the same rules, in the same order, as {@link #USE}), else null.
     */
    private static final String CHECK = """
            SELECT r.ord, k.id, k.max_uses, k.disposition, k.file_name, a.object_key,
                   CASE WHEN k.allowed_ips IS NOT NULL AND NOT coalesce(r.ip::inet <<= ANY (k.allowed_ips), false)
                            THEN 'ip_refused'
                        WHEN a.state IS DISTINCT FROM 'ready' THEN 'asset_gone'
                        WHEN k.revoked_at IS NOT NULL THEN 'revoked'
                        WHEN k.expires_at <= now() THEN 'expired'
                   END AS refused
            FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r (token_hash, ip, ord)
            JOIN download_links k ON k.token_hash = r.token_hash
            LEFT JOIN assets a ON a.id = k.asset_id""";

    /**
     * Logs uses already decided and answered (links without {@code max_uses}; {@link LinkUseLog}): $1..$6 are arrays
     * with one entry per use (link, time, caller's address, user agent, outcome, whether to write its event), $7 the
     * shard of {@code link_use_counts} the redirected ones count in. A link deleted meanwhile (its asset or team
     * purged) has nothing to log against: its uses are skipped. {@link #LOG_EVENTS} also writes the events.
     */
    private static final String LOG_ROWS = """
            WITH req AS (
                SELECT r.ord, r.link_id, r.at, r.ip::inet AS ip, r.user_agent, r.outcome, r.events,
                       l.team_id, l.asset_id, l.uses
                FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::boolean[])
                     WITH ORDINALITY AS r (link_id, at, ip, user_agent, outcome, events, ord)
                JOIN download_links l ON l.id = r.link_id
            ),
            logged AS (
                INSERT INTO link_uses (link_id, at, ip, user_agent, outcome)
                SELECT link_id, at, ip, user_agent, outcome FROM req ORDER BY ord
            ),
            counted AS (
                INSERT INTO link_use_counts AS c (link_id, shard, uses)
                SELECT link_id, $7, count(*) FROM req WHERE outcome = 'redirected' GROUP BY link_id ORDER BY link_id
                ON CONFLICT (link_id, shard) DO UPDATE SET uses = c.uses + excluded.uses
            )""";

    private static final String LOG = LOG_ROWS + "\nSELECT count(*) AS n FROM req";

    /** {@link #LOG} and the events {@code link.used} of the uses that ask for one, as {@link #USE} writes them. */
    private static final String LOG_EVENTS = LOG_ROWS + """
            ,
            event AS (
                INSERT INTO asset_events (id, team_id, asset_id, type, asset, link)
                SELECT gen_random_uuid(), s.team_id, s.asset_id, 'link.used', to_jsonb(a),
                       jsonb_build_object('id', s.link_id, 'outcome', s.outcome, 'ip', host(s.ip), 'user_agent', s.user_agent,
                                          'uses', s.uses_after)
                FROM (SELECT q.*, q.uses + coalesce((SELECT sum(c.uses) FROM link_use_counts c WHERE c.link_id = q.link_id), 0)
                                  + count(*) FILTER (WHERE q.outcome = 'redirected')
                                        OVER (PARTITION BY q.link_id ORDER BY q.ord) AS uses_after
                      FROM req q) s
                JOIN assets a ON a.id = s.asset_id
                WHERE s.events
                ORDER BY s.ord
                RETURNING id, team_id
            ),
            """ + FANOUT + "SELECT count(*) AS n FROM req";

    /** Shards of a link's count in {@code link_use_counts} (V11's check allows 0 to 15). */
    private static final int SHARDS = 16;

    private final Pool pool;
    /** The link-use statements' connections: every one planned once ({@link GenericPlanPool}). */
    private final Pool usePool;

    private final GroupInsert<PendingUse> uses;
    private final GroupInsert<PendingCheck> checks;

    public LinkRepository(Pool pool, GenericPlanPool genericPlanPool, LinkConfig config, SignetMetrics metrics) {
        this.pool = pool;
        this.usePool = genericPlanPool.pool();
        this.checks = new GroupInsert<>(
                config.useBatchMax(),
                config.useConcurrency(),
                this::checkMany,
                check -> checkMany(List.of(check)),
                metrics::linkUseStatement,
                Outages::isUnavailable);
        this.uses = new GroupInsert<>(
                config.useBatchMax(),
                config.useConcurrency(),
                this::useMany,
                use -> useMany(List.of(use)),
                metrics::linkUseStatement,
                Outages::isUnavailable);
    }

    /**
     * Decides, counts and logs one use of the link whose token hashes to {@code tokenHash}; the item arrives once
     * the use is committed. Concurrent uses are grouped ({@link GroupInsert}) into one statement ({@link #USE}).
     */
    public Uni<UseResult> use(String tokenHash, String ip, String userAgent, boolean events) {
        PendingUse use = new PendingUse(tokenHash, ip, userAgent, events);
        return uses.insert(use).map(ignored -> use.result);
    }

    /** A use waiting for its group's statement, which fills in how it ended. */
    private static final class PendingUse {
        final String tokenHash;
        final String ip;
        final String userAgent;
        final boolean events;
        volatile UseResult result;

        PendingUse(String tokenHash, String ip, String userAgent, boolean events) {
            this.tokenHash = tokenHash;
            this.ip = ip;
            this.userAgent = userAgent;
            this.events = events;
        }
    }

    /**
     * The link whose token hashes to {@code tokenHash} as a use from {@code ip} finds it now (null: no link has that
     * token). Nothing is written. Concurrent checks are grouped into one read ({@link #CHECK}).
     */
    public Uni<Check> check(String tokenHash, String ip) {
        PendingCheck check = new PendingCheck(tokenHash, ip);
        return checks.insert(check).map(ignored -> check.result);
    }

    /** A check waiting for its group's read. */
    private static final class PendingCheck {
        final String tokenHash;
        final String ip;
        volatile Check result;

        PendingCheck(String tokenHash, String ip) {
            this.tokenHash = tokenHash;
            this.ip = ip;
        }
    }

    private Uni<Void> checkMany(List<PendingCheck> group) {
        int size = group.size();
        String[] hashes = new String[size];
        String[] ips = new String[size];
        for (int i = 0; i < size; i++) {
            hashes[i] = group.get(i).tokenHash;
            ips[i] = group.get(i).ip;
        }
        return PoolQueries.execute(
                        usePool, CHECK, Tuple.tuple().addArrayOfString(hashes).addArrayOfString(ips))
                .map(rows -> {
                    for (Row row : rows) {
                        String refused = row.getString("refused");
                        group.get((int) (row.getLong("ord") - 1)).result = new Check(
                                row.getUUID("id"),
                                row.getInteger("max_uses") != null,
                                refused == null ? null : WireEnum.fromWire(LinkOutcome.class, refused),
                                redirect(row));
                    }
                    return null;
                });
    }

    /** Logs uses decided by {@link #check} (one statement, one commit); answers how many were logged. */
    public Uni<Integer> log(List<LoggedUse> group) {
        int size = group.size();
        UUID[] ids = new UUID[size];
        OffsetDateTime[] ats = new OffsetDateTime[size];
        String[] ips = new String[size];
        String[] agents = new String[size];
        String[] outcomes = new String[size];
        Boolean[] events = new Boolean[size];
        boolean anyEvents = false;
        for (int i = 0; i < size; i++) {
            LoggedUse use = group.get(i);
            ids[i] = use.linkId();
            ats[i] = utc(use.at());
            ips[i] = use.ip();
            agents[i] = use.userAgent();
            outcomes[i] = use.outcome().wire();
            events[i] = use.events();
            anyEvents |= use.events();
        }
        Tuple args = Tuple.tuple()
                .addArrayOfUUID(ids)
                .addArrayOfOffsetDateTime(ats)
                .addArrayOfString(ips)
                .addArrayOfString(agents)
                .addArrayOfString(outcomes)
                .addArrayOfBoolean(events)
                .addShort((short) ThreadLocalRandom.current().nextInt(SHARDS));
        return PoolQueries.execute(usePool, anyEvents ? LOG_EVENTS : LOG, args)
                .map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    private static Redirect redirect(Row row) {
        return new Redirect(
                row.getString("object_key"),
                row.getString("file_name"),
                WireEnum.fromWire(LinkDisposition.class, row.getString("disposition")));
    }

    private Uni<Void> useMany(List<PendingUse> group) {
        int size = group.size();
        String[] hashes = new String[size];
        String[] ips = new String[size];
        String[] agents = new String[size];
        Boolean[] events = new Boolean[size];
        for (int i = 0; i < size; i++) {
            PendingUse use = group.get(i);
            hashes[i] = use.tokenHash;
            ips[i] = use.ip;
            agents[i] = use.userAgent;
            events[i] = use.events;
        }
        Tuple args = Tuple.tuple()
                .addArrayOfString(hashes)
                .addArrayOfString(ips)
                .addArrayOfString(agents)
                .addArrayOfBoolean(events)
                .addShort((short) ThreadLocalRandom.current().nextInt(SHARDS));
        return PoolQueries.execute(usePool, USE, args).map(rows -> {
            for (Row row : rows) {
                String outcome = row.getString("outcome");
                UseResult result;
                if (outcome == null) {
                    result = new UseResult(null, null);
                } else if (outcome.equals(LinkOutcome.REDIRECTED.wire())) {
                    result = new UseResult(LinkOutcome.REDIRECTED, redirect(row));
                } else {
                    result = new UseResult(WireEnum.fromWire(LinkOutcome.class, outcome), null);
                }
                group.get((int) (row.getLong("ord") - 1)).result = result;
            }
            return null;
        });
    }

    public Uni<LinkView> insert(
            UUID id,
            UUID teamId,
            UUID assetId,
            String tokenHash,
            Instant expiresAt,
            Integer maxUses,
            List<String> allowedIps,
            LinkDisposition disposition,
            String fileName,
            String createdBy) {
        Tuple args = Tuple.tuple()
                .addUUID(id)
                .addUUID(teamId)
                .addUUID(assetId)
                .addString(tokenHash)
                .addOffsetDateTime(utc(expiresAt))
                .addInteger(maxUses)
                .addArrayOfString(allowedIps == null ? null : allowedIps.toArray(String[]::new))
                .addString(disposition.wire())
                .addString(fileName)
                .addString(createdBy);
        return PoolQueries.execute(
                        pool,
                        "INSERT INTO download_links AS l (id, team_id, asset_id, token_hash, expires_at, max_uses,"
                                + " allowed_ips, disposition, file_name, created_by)"
                                + " VALUES ($1, $2, $3, $4, $5, $6, $7::text[]::cidr[], $8, $9, $10) RETURNING " + VIEW,
                        args)
                .map(LinkRepository::first);
    }

    public Uni<LinkView> find(UUID teamId, UUID id) {
        return PoolQueries.execute(
                        pool,
                        "SELECT " + VIEW + " FROM download_links l WHERE l.id = $1 AND l.team_id = $2",
                        Tuple.of(id, teamId))
                .map(LinkRepository::first);
    }

    /** The team's links (of one asset when {@code assetId}), newest first, after {@code before}. */
    public Uni<List<LinkView>> page(UUID teamId, UUID assetId, UUID before, int limit) {
        return PoolQueries.execute(
                        pool,
                        "SELECT " + VIEW + " FROM download_links l WHERE l.team_id = $1"
                                + " AND ($2::uuid IS NULL OR l.asset_id = $2) AND ($3::uuid IS NULL OR l.id < $3)"
                                + " ORDER BY l.id DESC LIMIT $4",
                        Tuple.of(teamId, assetId, before, limit))
                .map(LinkRepository::all);
    }

    /** Revokes the team's link at once (revoking twice keeps the first time); null when it is not the team's. */
    public Uni<LinkView> revoke(UUID teamId, UUID id) {
        return PoolQueries.execute(
                        pool,
                        "UPDATE download_links l SET revoked_at = coalesce(l.revoked_at, now())"
                                + " WHERE l.id = $1 AND l.team_id = $2 RETURNING " + VIEW,
                        Tuple.of(id, teamId))
                .map(LinkRepository::first);
    }

    /** A link's uses, newest first, after the use {@code before}, each with its sequence number. */
    public Uni<List<Map.Entry<Long, LinkUse>>> uses(UUID linkId, Long before, int limit) {
        return PoolQueries.execute(
                        pool,
                        "SELECT id, at, host(ip) AS ip, user_agent, outcome FROM link_uses WHERE link_id = $1"
                                + " AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
                        Tuple.of(linkId, before, limit))
                .map(rows -> {
                    List<Map.Entry<Long, LinkUse>> uses = new ArrayList<>();
                    for (Row r : rows) {
                        uses.add(Map.entry(
                                r.getLong("id"),
                                new LinkUse(
                                        instant(r, "at"),
                                        r.getString("ip"),
                                        r.getString("user_agent"),
                                        WireEnum.fromWire(LinkOutcome.class, r.getString("outcome")))));
                    }
                    return uses;
                });
    }

    /** Deletes at most {@code batch} uses older than {@code retention}; answers how many it deleted. */
    public Uni<Integer> deleteUsesOlderThan(Duration retention, int batch) {
        return PoolQueries.execute(
                        pool,
                        "DELETE FROM link_uses WHERE id IN (SELECT id FROM link_uses"
                                + " WHERE at < now() - make_interval(secs => $1) ORDER BY at LIMIT $2)",
                        Tuple.of((double) retention.toSeconds(), batch))
                .map(RowSet::rowCount);
    }

    private static LinkView first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? view(it.next()) : null;
    }

    private static List<LinkView> all(RowSet<Row> rows) {
        List<LinkView> views = new ArrayList<>();
        for (Row r : rows) {
            views.add(view(r));
        }
        return views;
    }

    private static LinkView view(Row r) {
        String[] ips = r.getArrayOfStrings("ips");
        return new LinkView(
                r.getUUID("id"),
                r.getUUID("asset_id"),
                instant(r, "expires_at"),
                r.getInteger("max_uses"),
                r.getInteger("uses"),
                ips == null ? null : Arrays.asList(ips),
                WireEnum.fromWire(LinkDisposition.class, r.getString("disposition")),
                r.getString("file_name"),
                instant(r, "created_at"),
                r.getString("created_by"),
                instant(r, "revoked_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
