package dev.signet.usage;

import dev.signet.asset.AssetKind;
import dev.signet.common.PoolQueries;
import dev.signet.common.WireEnum;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the usage counters the {@code assets_usage} trigger keeps (migration V2). */
@ApplicationScoped
public class UsageRepository {

    public static final UUID NO_WORKFLOW = new UUID(0, 0);

    /** Ready bytes and files of one (workflow, kind) of a team. */
    public record Counter(UUID workflowId, String workflowName, AssetKind kind, long bytes, long files) {}

    private final Pool pool;

    public UsageRepository(Pool pool) {
        this.pool = pool;
    }

    /** One small indexed read: at most (workflows × 2 × creators) counter rows of the team. */
    public Uni<List<Counter>> counters(UUID teamId, String createdBy) {
        String sql = """
                SELECT u.workflow_id, w.name, u.kind, sum(u.bytes) AS bytes, sum(u.files) AS files
                FROM asset_usage u LEFT JOIN workflows w ON w.id = u.workflow_id
                WHERE u.team_id = $1 AND ($2::text IS NULL OR u.created_by = $2)
                GROUP BY u.workflow_id, w.name, u.kind
                ORDER BY w.name NULLS FIRST, u.workflow_id""";
        return PoolQueries.execute(pool, sql, Tuple.of(teamId, createdBy)).map(rows -> {
            List<Counter> counters = new ArrayList<>();
            for (Row row : rows) {
                counters.add(new Counter(
                        row.getUUID("workflow_id"),
                        row.getString("name"),
                        WireEnum.fromWire(AssetKind.class, row.getString("kind")),
                        row.getLong("bytes"),
                        row.getLong("files")));
            }
            return counters;
        });
    }
}
