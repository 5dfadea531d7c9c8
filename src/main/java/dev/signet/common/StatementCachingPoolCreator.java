package dev.signet.common;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * The reactive PostgreSQL pool exactly as Quarkus configures it, but for one option no Quarkus setting reaches:
 * each connection keeps prepared statements of up to {@link #SQL_LIMIT} characters, not Vert.x's 2,048. A longer
 * statement is otherwise parsed and planned anew on every execution; the grouped statements of the hot paths
 * (a link's use, 4,700 characters) are longer. {@code StatementCacheTest} checks it.
 * <p>
 * It also makes, on demand, the small pool of {@link GenericPlanPool} with the same connection options.
 */
@Singleton
public class StatementCachingPoolCreator implements PgPoolCreator {

    /** The longest statement a connection keeps prepared (Signet's longest is under half of it). */
    public static final int SQL_LIMIT = 16_384;

    private volatile Input input;

    @Override
    public Pool create(Input input) {
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setPreparedStatementCacheSqlLimit(SQL_LIMIT);
        }
        this.input = input;
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }

    /**
     * A pool of at most {@code maxSize} connections to the application's database, as configured for its pool, whose
     * sessions start with the given settings (sent in the start-up message, so they cost no round trip).
     */
    Pool createWithSettings(String name, int maxSize, Map<String, String> settings) {
        Input configured = input;
        if (configured == null) {
            throw new IllegalStateException("the application's pool is made first");
        }
        List<PgConnectOptions> options = configured.pgConnectOptionsList().stream()
                .map(o -> {
                    PgConnectOptions copy = new PgConnectOptions(o);
                    settings.forEach(copy::addProperty);
                    return copy;
                })
                .toList();
        PoolOptions poolOptions =
                new PoolOptions(configured.poolOptions()).setName(name).setMaxSize(maxSize);
        Vertx vertx = configured.vertx();
        return PgDriver.INSTANCE.createPool(vertx, options, poolOptions);
    }
}
