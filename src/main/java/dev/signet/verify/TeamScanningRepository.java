package dev.signet.verify;

import dev.signet.common.PoolQueries;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Every query on {@code team_scanning}: a team's own choice for the scanning gate (no row: the default). */
@ApplicationScoped
public class TeamScanningRepository {

    private final Pool pool;

    public TeamScanningRepository(Pool pool) {
        this.pool = pool;
    }

    /** The team's own choice, or null when it has none. */
    public Uni<Boolean> find(UUID teamId) {
        return PoolQueries.execute(pool, "SELECT enabled FROM team_scanning WHERE team_id = $1", Tuple.of(teamId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return row.getBoolean(0);
                });
    }

    public Uni<Void> set(UUID teamId, boolean enabled) {
        return PoolQueries.execute(pool, """
                        INSERT INTO team_scanning (team_id, enabled) VALUES ($1, $2)
                        ON CONFLICT (team_id) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()""", Tuple.of(teamId, enabled)).replaceWithVoid();
    }

    public Uni<Void> clear(UUID teamId) {
        return PoolQueries.execute(pool, "DELETE FROM team_scanning WHERE team_id = $1", Tuple.of(teamId))
                .replaceWithVoid();
    }
}
