package dev.signet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.http.Outages;
import dev.signet.support.Await;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cause of the uncaught {@code IllegalStateException: Result is already complete} seen while PostgreSQL
 * restarted under load, and that {@link PoolQueries} does not trigger it. No database: a port nobody listens
 * on refuses every connection, as a stopped PostgreSQL does; the pool's connection timeout is shortened to
 * 200 ms (30 s by default) so that its timer fires within the test.
 */
class PoolQueriesTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(200);

    private Vertx vertx;
    private Pool pool;
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

    @BeforeEach
    void poolOnAClosedPort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        vertx = Vertx.vertx();
        vertx.exceptionHandler(uncaught::add);
        pool = PgPool.pool(
                vertx,
                new PgConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setDatabase("signet")
                        .setUser("signet")
                        .setPassword("signet"),
                new PoolOptions()
                        .setMaxSize(2)
                        .setConnectionTimeout((int) CONNECTION_TIMEOUT.toMillis())
                        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS));
    }

    @AfterEach
    void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void theOneShotPoolQueryFailsItsCallerTwiceWhenNoConnectionCanBeMade() {
        Instant asked = Instant.now();
        Throwable failure = failureOf(() -> pool.preparedQuery("SELECT 1").executeAndAwait());
        assertInstanceOf(ConnectException.class, failure);
        Await.past(timersFired(asked));
        assertEquals(
                1,
                uncaught.size(),
                "the pool's connection-timeout timer fails the caller's promise again "
                        + "(eclipse-vertx/vertx-sql-client#1706); if this changed, the client was fixed: " + uncaught);
        assertInstanceOf(IllegalStateException.class, uncaught.get(0));
        assertEquals("Result is already complete", uncaught.get(0).getMessage());
    }

    @Test
    void poolQueriesFailOnceAsADatabaseOutage() {
        Instant lastAsked = Instant.now();
        for (int i = 0; i < 10; i++) {
            lastAsked = Instant.now();
            Throwable failure = failureOf(
                    () -> PoolQueries.execute(pool, "SELECT 1").await().indefinitely());
            assertInstanceOf(ConnectException.class, failure);
            assertEquals(Outages.Service.DATABASE, Outages.unavailable(failure));
        }
        Await.past(timersFired(lastAsked));
        assertTrue(uncaught.isEmpty(), "nothing fails after the caller was answered: " + uncaught);
    }

    /**
     * When the pool's connection-timeout timer, armed as a query {@code asked} for a connection, has fired (or would
     * have), with slack for a busy machine: nothing can be seen by waiting for it, only after it.
     */
    private static Instant timersFired(Instant asked) {
        return asked.plus(CONNECTION_TIMEOUT.multipliedBy(4));
    }

    private static Throwable failureOf(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e instanceof io.smallrye.mutiny.CompositeException || e.getCause() == null ? e : e.getCause();
        }
        throw new AssertionError("the query succeeded on a closed port");
    }
}
