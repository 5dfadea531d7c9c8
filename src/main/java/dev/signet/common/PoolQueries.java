package dev.signet.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One statement on a connection of the pool, for the queries that need no Hibernate session.
 * <p>
 * Not {@code pool.preparedQuery(sql).execute(args)}: in the Vert.x SQL client (4.5) that one-shot form arms
 * a timer of the pool's connection timeout (30 s) and cancels it only when a connection was acquired. When
 * acquiring fails (PostgreSQL refusing connections, shutting down, starting up), the caller's promise is
 * failed at once and the timer, still armed, fails it a second time 30 s later: an uncaught
 * {@code IllegalStateException: Result is already complete} per failed query
 * (eclipse-vertx/vertx-sql-client#1706). Borrowing the connection ({@code withConnection}) goes through the
 * pool's waiter path instead, whose timeout is cancelled either way, and still gives up after the same 30 s
 * when no connection comes. See {@code PoolQueriesTest}.
 */
public final class PoolQueries {

    private PoolQueries() {}

    /** Runs {@code sql} as a prepared statement with {@code args} on a pooled connection. */
    public static Uni<RowSet<Row>> execute(Pool pool, String sql, Tuple args) {
        return pool.withConnection(connection -> connection.preparedQuery(sql).execute(args));
    }

    /** Runs {@code sql} (no parameters) on a pooled connection. */
    public static Uni<RowSet<Row>> execute(Pool pool, String sql) {
        return pool.withConnection(connection -> connection.query(sql).execute());
    }
}
