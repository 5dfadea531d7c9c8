package dev.signet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The application's pool keeps long statements prepared ({@link StatementCachingPoolCreator}): a statement of 5,000
 * characters, run twice on one connection, is a named prepared statement of that connection, parsed and planned once
 * (Vert.x's default limit of 2,048 would send it unnamed, parsed and planned on every run, as the link-use
 * statement was). The {@link GenericPlanPool}'s sessions plan with the generic plan, and only they.
 */
@QuarkusTest
class StatementCacheTest {

    private static final String MODE = "SELECT current_setting('plan_cache_mode') AS mode WHERE $1::int = 1";

    @Inject
    Pool pool;

    @Inject
    GenericPlanPool genericPlanPool;

    @Test
    void aStatementOfFiveThousandCharactersIsPreparedOncePerConnection() {
        String sql = "SELECT $1::int + 1 AS n /* " + "x".repeat(5_000) + " */";
        for (Pool each : new Pool[] {pool, genericPlanPool.pool()}) {
            long prepared = each.withConnection(connection -> connection
                            .preparedQuery(sql)
                            .execute(Tuple.of(1))
                            .chain(() -> connection.preparedQuery(sql).execute(Tuple.of(2)))
                            .chain(() -> connection
                                    .preparedQuery(
                                            "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1")
                                    .execute(Tuple.of(sql))))
                    .map(rows -> rows.iterator().next().getLong("n"))
                    .await()
                    .atMost(Duration.ofSeconds(30));
            assertEquals(1, prepared);
        }
    }

    @Test
    void onlyTheGenericPlanPoolPlansWithTheGenericPlan() {
        for (int i = 0; i < 10; i++) {
            assertEquals("force_generic_plan", mode(PoolQueries.execute(genericPlanPool.pool(), MODE, Tuple.of(1))));
            assertEquals("auto", mode(PoolQueries.execute(pool, MODE, Tuple.of(1))));
        }
    }

    private static String mode(Uni<RowSet<Row>> rows) {
        return rows.map(r -> r.iterator().next().getString("mode")).await().atMost(Duration.ofSeconds(30));
    }
}
