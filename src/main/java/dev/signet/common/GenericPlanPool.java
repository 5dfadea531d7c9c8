package dev.signet.common;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * A few connections beside the application's pool whose sessions plan every prepared statement once, with its
 * generic plan ({@code plan_cache_mode = force_generic_plan}, set when the connection opens), for the grouped
 * statements of a hot path whose arrays vary in length.
 * <p>
 * Why: after five runs PostgreSQL compares a prepared statement's generic plan with the custom plans it made, and when
 * those runs had short arrays it keeps planning every run anew (issue 22: 0.8 ms of planning for 0.3 ms of work in
 * the link-use statement, 0.1 ms for a two-table read). Not the application's pool: its queries with optional filters
 * ({@code $1 IS NULL OR col = $1}) need their custom plans. {@code StatementCacheTest} checks the setting.
 */
@ApplicationScoped
public class GenericPlanPool {

    /**
     * Enough for the grouped statements of one replica: the link checks and the limited links' uses each send
     * {@code signet.links.use-concurrency} at a time (1 by default), the use log one; more wait for a connection.
     */
    static final int MAX_SIZE = 6;

    private final Pool pool;

    public GenericPlanPool(Pool applicationPool, StatementCachingPoolCreator creator) {
        // the application's pool exists first (the creator keeps its options); asking for it here makes sure
        applicationPool.getDelegate();
        this.pool = Pool.newInstance(creator.createWithSettings(
                "signet-generic-plan", MAX_SIZE, Map.of("plan_cache_mode", "force_generic_plan")));
    }

    public Pool pool() {
        return pool;
    }

    @PreDestroy
    void close() {
        pool.getDelegate().close();
    }
}
