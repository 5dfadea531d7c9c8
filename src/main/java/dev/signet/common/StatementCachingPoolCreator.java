package dev.signet.common;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * The reactive PostgreSQL pool exactly as Quarkus configures it, but for one option no Quarkus setting reaches:
 * each connection keeps prepared statements of up to {@link #SQL_LIMIT} characters, not Vert.x's 2,048. A longer
 * statement is otherwise parsed and planned anew on every execution; the grouped statements of the hot paths
 * (a link's use, 4,700 characters) are longer. {@code StatementCacheTest} checks it.
 */
@Singleton
public class StatementCachingPoolCreator implements PgPoolCreator {

    /** The longest statement a connection keeps prepared (Signet's longest is under half of it). */
    public static final int SQL_LIMIT = 16_384;

    @Override
    public Pool create(Input input) {
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setPreparedStatementCacheSqlLimit(SQL_LIMIT);
        }
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
