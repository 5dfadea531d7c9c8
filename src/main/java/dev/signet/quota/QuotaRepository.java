package dev.signet.quota;

import dev.signet.common.PoolQueries;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every query on {@code team_quotas} (migration V7), on the plain reactive client: single statements, no session.
 * The counters are the triggers' to keep; this reads them, sets a team's own quota and runs the drift repair.
 */
@ApplicationScoped
public class QuotaRepository {

    /** A team's row: its own quota when {@code override}, and its counters. */
    public record TeamQuota(
            UUID teamId,
            boolean override,
            Long quotaBytes,
            Long quotaFiles,
            long usedBytes,
            long usedFiles,
            long reservedBytes,
            long reservedFiles) {}

    /** Counters as they were and as the repair left them. */
    public record Repair(UUID teamId, Counters was, Counters now) {}

    public record Counters(long usedBytes, long usedFiles, long reservedBytes, long reservedFiles) {}

    private static final String COLUMNS = "team_id, has_override, quota_bytes, quota_files, used_bytes, used_files, "
            + "reserved_bytes, reserved_files";

    private final Pool pool;

    public QuotaRepository(Pool pool) {
        this.pool = pool;
    }

    /** The team's row, or null (no such team). */
    public Uni<TeamQuota> find(UUID teamId) {
        return PoolQueries.execute(pool, "SELECT " + COLUMNS + " FROM team_quotas WHERE team_id = $1", Tuple.of(teamId))
                .map(QuotaRepository::first);
    }

    /** Sets the team's own quota (null: unlimited); the row as it now is, or null (no such team). */
    public Uni<TeamQuota> setOverride(UUID teamId, Long quotaBytes, Long quotaFiles) {
        return PoolQueries.execute(
                        pool,
                        "INSERT INTO team_quotas (team_id, has_override, quota_bytes, quota_files)"
                                + " SELECT id, true, $2, $3 FROM teams WHERE id = $1"
                                + " ON CONFLICT (team_id) DO UPDATE SET has_override = true,"
                                + " quota_bytes = excluded.quota_bytes, quota_files = excluded.quota_files,"
                                + " updated_at = now()"
                                + " RETURNING " + COLUMNS,
                        Tuple.of(teamId, quotaBytes, quotaFiles))
                .map(QuotaRepository::first);
    }

    /** The team returns to the configured default; the row as it now is, or null (no such team). */
    public Uni<TeamQuota> clearOverride(UUID teamId) {
        return PoolQueries.execute(
                        pool,
                        "UPDATE team_quotas SET has_override = false, quota_bytes = NULL, quota_files = NULL,"
                                + " updated_at = now() WHERE team_id = $1 RETURNING " + COLUMNS,
                        Tuple.of(teamId))
                .map(QuotaRepository::first);
    }

    /** Every team with a quota row, in id order. */
    public Uni<List<UUID>> teams() {
        return PoolQueries.execute(pool, "SELECT team_id FROM team_quotas ORDER BY team_id")
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getUUID(0));
                    }
                    return ids;
                });
    }

    /**
     * Recomputes one team's counters from its assets under the lock of its row (its own statement and
     * transaction) and fixes those that differ; null when they were right.
     */
    public Uni<Repair> reconcile(UUID teamId) {
        return PoolQueries.execute(pool, "SELECT * FROM team_quota_reconcile($1)", Tuple.of(teamId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new Repair(
                            teamId,
                            new Counters(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3)),
                            new Counters(r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7)));
                });
    }

    private static TeamQuota first(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row r = it.next();
        return new TeamQuota(
                r.getUUID(0),
                r.getBoolean(1),
                r.getLong(2),
                r.getLong(3),
                r.getLong(4),
                r.getLong(5),
                r.getLong(6),
                r.getLong(7));
    }
}
