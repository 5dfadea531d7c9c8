package dev.signet.link;

import dev.signet.common.PoolQueries;
import dev.signet.common.WireEnum;
import dev.signet.link.LinkDtos.LinkUse;
import dev.signet.link.LinkDtos.LinkView;
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

/**
 * The one class with queries on {@code download_links} and {@code link_uses}. All on the plain reactive client: the
 * redirect is a hot public path that needs no session, and the rest reads and writes rows, not entities.
 */
@ApplicationScoped
public class LinkRepository {

    /** What a counted use redirects to. */
    public record Redirect(String objectKey, String fileName, LinkDisposition disposition) {}

    /** The columns of a {@link LinkView}. */
    private static final String VIEW =
            "l.id, l.asset_id, l.expires_at, l.max_uses, l.uses, l.allowed_ips::text[] AS ips,"
                    + " l.disposition, l.file_name, l.created_at, l.created_by, l.revoked_at";

    /**
     * The event {@code link.used} of the uses in {@code <source>} (columns id, team_id, asset_id, uses, outcome), and
     * its deliveries to the team's webhooks that asked for it, as V5's trigger writes asset events: only when
     * {@code $4} (signet.links.use-events). $2 is the caller's address, $3 the user agent.
     */
    private static final String EVENT = """
            event AS (
                INSERT INTO asset_events (id, team_id, asset_id, type, asset, link)
                SELECT gen_random_uuid(), s.team_id, s.asset_id, 'link.used', to_jsonb(a),
                       jsonb_build_object('id', s.id, 'outcome', s.outcome, 'ip', host($2::text::inet), 'user_agent', $3::text,
                                          'uses', s.uses)
                FROM %1$s s JOIN assets a ON a.id = s.asset_id
                WHERE $4::boolean AND s.outcome IS NOT NULL
                RETURNING id, team_id
            ),
            fanout AS (
                INSERT INTO webhook_deliveries (webhook_id, event_id, state)
                SELECT w.id, e.id, CASE WHEN w.state = 'enabled' THEN 'pending' ELSE 'paused' END
                FROM event e JOIN webhooks w ON w.team_id = e.team_id AND 'link.used' = ANY (w.events)
            )""";

    /**
     * A use, in one statement: the link is counted only if it may be used now (the conditional UPDATE: of racing
     * requests for the last use, PostgreSQL re-checks {@code uses < max_uses} on the row each one waited for, so
     * exactly one gets it), its use logged, and its event written; the row returned is where to redirect.
     */
    private static final String USE = """
            WITH used AS (
                UPDATE download_links l SET uses = l.uses + 1
                FROM assets a
                WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND l.expires_at > now()
                  AND (l.max_uses IS NULL OR l.uses < l.max_uses)
                  AND (l.allowed_ips IS NULL OR $2::text::inet <<= ANY (l.allowed_ips))
                  AND a.id = l.asset_id AND a.state = 'ready'
                RETURNING l.id, l.team_id, l.asset_id, l.uses, 'redirected'::text AS outcome, l.disposition, l.file_name,
                          a.object_key
            ),
            logged AS (
                INSERT INTO link_uses (link_id, ip, user_agent, outcome) SELECT id, $2::text::inet, $3::text, outcome FROM used
            ),
            """ + EVENT.formatted("used") + """

            SELECT object_key, file_name, disposition FROM used""";

    /**
     * Why a use was refused (only on that path, after {@link #USE} counted nothing): read as committed now, so a
     * request that lost the race for a one-time link is told {@code used_up}; logged with its event. No row: no such
     * token.
     */
    private static final String REFUSE = """
            WITH link AS (
                SELECT l.id, l.team_id, l.asset_id, l.uses,
                       CASE WHEN l.allowed_ips IS NOT NULL AND NOT coalesce($2::text::inet <<= ANY (l.allowed_ips), false)
                                THEN 'ip_refused'
                            WHEN a.state IS DISTINCT FROM 'ready' THEN 'asset_gone'
                            WHEN l.revoked_at IS NOT NULL THEN 'revoked'
                            WHEN l.expires_at <= now() THEN 'expired'
                            WHEN l.max_uses IS NOT NULL AND l.uses >= l.max_uses THEN 'used_up'
                       END AS outcome
                FROM download_links l LEFT JOIN assets a ON a.id = l.asset_id
                WHERE l.token_hash = $1
            ),
            logged AS (
                INSERT INTO link_uses (link_id, ip, user_agent, outcome)
                SELECT id, $2::text::inet, $3::text, outcome FROM link WHERE outcome IS NOT NULL
            ),
            """ + EVENT.formatted("link") + """

            SELECT outcome FROM link""";

    private final Pool pool;

    public LinkRepository(Pool pool) {
        this.pool = pool;
    }

    /** Counts a use and answers where to redirect, or null when the link may not be used now. */
    public Uni<Redirect> use(String tokenHash, String ip, String userAgent, boolean events) {
        return PoolQueries.execute(pool, USE, Tuple.of(tokenHash, ip, userAgent, events))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new Redirect(
                            row.getString("object_key"),
                            row.getString("file_name"),
                            WireEnum.fromWire(LinkDisposition.class, row.getString("disposition")));
                });
    }

    /**
     * Logs a refused use and says why: empty for an unknown token; an empty outcome when the link could be used
     * after all (nothing logged).
     */
    public Uni<Refusal> refuse(String tokenHash, String ip, String userAgent, boolean events) {
        return PoolQueries.execute(pool, REFUSE, Tuple.of(tokenHash, ip, userAgent, events))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return new Refusal(false, null);
                    }
                    return new Refusal(
                            true, WireEnum.fromWire(LinkOutcome.class, it.next().getString("outcome")));
                });
    }

    /** Whether the token is a link's, and if so why it was refused (null: it was not). */
    public record Refusal(boolean known, LinkOutcome outcome) {}

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
