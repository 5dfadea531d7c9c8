package dev.signet.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import dev.signet.http.Outages.Service;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which failures are outages of which service, and one log line per outage rather than per request. */
class OutagesTest {

    private static PgException pg(String state, String message) {
        return new PgException(message, "FATAL", state, null);
    }

    @Test
    void databaseUnavailabilityInAllItsForms() {
        List<Throwable> outages = List.of(
                pg("57P01", "terminating connection due to administrator command"),
                pg("57P02", "terminating connection because of crash of another server process"),
                pg("57P03", "the database system is shutting down"),
                pg("57P03", "the database system is starting up"),
                pg("08006", "connection failure"),
                pg("08001", "could not connect"),
                pg("53300", "sorry, too many clients already"),
                ClosedConnectionException.INSTANCE,
                new ConnectException("Connection refused: /127.0.0.1:5432"),
                new SocketException("Connection reset"),
                new IOException("ignored", new SocketException("Connection reset by peer")),
                new ClosedChannelException(),
                new UnknownHostException("db.internal"),
                new VertxException("Timeout waiting for connection", true),
                new NoStackTraceThrowable("Timeout"),
                new TimeoutException(),
                new SQLException("connection lost", "08003"),
                // as Hibernate Reactive and Mutiny hand them on
                new IllegalStateException("HR000021: wrapped", new CompletionException(pg("57P01", "terminating"))),
                new CompletionException(new ConnectException("Connection refused")));
        for (Throwable failure : outages) {
            assertEquals(Service.DATABASE, Outages.unavailable(failure), failure.toString());
        }
    }

    @Test
    void storageUnavailability() {
        assertEquals(
                Service.STORAGE,
                Outages.unavailable(SdkClientException.create(
                        "Unable to execute HTTP request", new ConnectException("Connection refused"))));
        assertEquals(
                Service.STORAGE,
                Outages.unavailable(S3Exception.builder()
                        .statusCode(503)
                        .message("SlowDown")
                        .build()));
        assertEquals(
                Service.STORAGE,
                Outages.unavailable(new CompletionException(
                        SdkClientException.create("Unable to execute HTTP request", new TimeoutException()))));
    }

    @Test
    void otherFailuresAreNotOutages() {
        List<Throwable> others = List.of(
                pg("23505", "duplicate key value violates unique constraint"),
                pg("23503", "insert or update violates foreign key constraint"),
                pg("57014", "canceling statement due to statement timeout"),
                pg("42P01", "relation does not exist"),
                S3Exception.builder().statusCode(404).build(),
                S3Exception.builder().statusCode(403).build(),
                new IllegalStateException("Result is already complete"),
                new NullPointerException(),
                new VertxException("something else"),
                new JsonParseException(null, "Unexpected character"),
                new IOException("disk"));
        for (Throwable failure : others) {
            assertNull(Outages.unavailable(failure), failure.toString());
            assertFalse(Outages.isUnavailable(failure));
        }
    }

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final java.util.logging.Logger logger = java.util.logging.Logger.getLogger(Outages.class.getName());

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
    }

    @Test
    void oneWarningWhenAnOutageStartsAndOneLineWhenItEnds() {
        List<Runnable> timers = new ArrayList<>();
        AtomicBoolean up = new AtomicBoolean(false);
        List<Service> probed = new ArrayList<>();
        Outages outages = new Outages(
                service -> {
                    probed.add(service);
                    return up.get()
                            ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new ConnectException("refused"));
                },
                (delay, task) -> {
                    assertEquals(Duration.ofSeconds(1), delay);
                    timers.add(task);
                });

        for (int i = 0; i < 1000; i++) {
            assertTrue(outages.report(
                    i % 2 == 0
                            ? pg("57P03", "the database system is shutting down")
                            : new ConnectException("Connection refused")));
        }
        assertFalse(outages.report(pg("23505", "duplicate key")), "not an outage");
        assertTrue(outages.isOpen(Service.DATABASE));
        assertFalse(outages.isOpen(Service.STORAGE));
        assertEquals(1, messages().size(), "one line for a thousand failures: " + messages());
        assertTrue(
                messages()
                        .get(0)
                        .startsWith("PostgreSQL is unavailable (PgException: FATAL: the database system is "
                                + "shutting down (57P03))"),
                messages().get(0));
        assertEquals(1, timers.size(), "one probe scheduled");

        timers.remove(0).run(); // still down: probed, scheduled again, nothing logged
        assertEquals(List.of(Service.DATABASE), probed);
        assertEquals(1, timers.size());
        assertEquals(1, messages().size());

        up.set(true);
        timers.remove(0).run();
        assertFalse(outages.isOpen(Service.DATABASE));
        assertTrue(timers.isEmpty(), "no more probes once it is back");
        assertEquals(2, messages().size());
        assertTrue(
                messages()
                        .get(1)
                        .matches("PostgreSQL is available again after \\d+ ms; 1000 failed requests were "
                                + "answered 503 meanwhile"),
                messages().get(1));

        assertTrue(outages.report(new ConnectException("Connection refused")), "a new outage");
        assertEquals(3, messages().size());
        assertTrue(outages.report(SdkClientException.create("Unable to execute HTTP request")));
        assertTrue(outages.isOpen(Service.STORAGE), "each service has its own outage");
        assertTrue(
                messages().get(3).startsWith("Object storage is unavailable"),
                messages().get(3));
    }

    private List<String> messages() {
        return logged.stream()
                .map(r -> r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters()))
                .toList();
    }
}
