package dev.signet.http;

import dev.signet.common.PoolQueries;
import dev.signet.storage.StorageService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Outages of the services Signet needs: which failures mean PostgreSQL or object storage is unavailable
 * (the client gets 503 with {@code Retry-After}, never 500), and one log line when such an outage starts
 * and one when it ends, rather than one per request.
 * <p>
 * The first failure of a service opens its outage (WARN); further failures only count. While it is open the
 * service is probed every {@link #PROBE_EVERY} ({@code SELECT 1}, a HEAD of the bucket) and the first probe
 * that succeeds closes it (INFO, with its length and how many failures it answered 503).
 */
@ApplicationScoped
public class Outages {

    /** A service Signet cannot answer without. */
    public enum Service {
        DATABASE("PostgreSQL"),
        STORAGE("Object storage");

        private final String label;

        Service(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(Outages.class);

    /**
     * Vert.x and Netty failures, by simple name, that mean a connection could not be made, was lost or a
     * pool waited too long for one. By name: some are internal classes, and Netty's native transport is
     * not always on the class path.
     */
    private static final Set<String> TRANSPORT_FAILURES = Set.of(
            "ConnectTimeoutException",
            "NativeIoException",
            "NoStackTraceTimeoutException",
            "ConnectionPoolTooBusyException",
            "PoolClosedException");

    /** The messages of the pool's own timeouts: {@code Pool.preparedQuery} and {@code getConnection}. */
    private static final Set<String> POOL_TIMEOUTS = Set.of("Timeout waiting for connection", "Timeout");

    private final Function<Service, Uni<?>> probe;
    private final BiConsumer<Duration, Runnable> scheduler;
    private final AtomicReferenceArray<Outage> open = new AtomicReferenceArray<>(Service.values().length);

    @Inject
    public Outages(Vertx vertx, Pool pool, Instance<StorageService> storage) {
        this(
                service -> service == Service.DATABASE
                        ? PoolQueries.execute(pool, "SELECT 1")
                        : storage.get().checkBucket(),
                (delay, task) -> vertx.setTimer(delay.toMillis(), id -> task.run()));
    }

    /**
     * @param probe     a check that succeeds once the service answers again
     * @param scheduler runs the task once after the delay
     */
    Outages(Function<Service, Uni<?>> probe, BiConsumer<Duration, Runnable> scheduler) {
        this.probe = probe;
        this.scheduler = scheduler;
    }

    /**
     * Whether {@code failure} means a service is unavailable; if so it counts against that service's outage,
     * which it opens (and logs) when none is open. The caller answers 503.
     */
    public boolean report(Throwable failure) {
        Service service = unavailable(failure);
        if (service == null) {
            return false;
        }
        int slot = service.ordinal();
        while (true) {
            Outage current = open.get(slot);
            if (current != null) {
                current.failures.incrementAndGet();
                return true;
            }
            Outage started = new Outage(System.nanoTime());
            if (open.compareAndSet(slot, null, started)) {
                LOG.warnf(
                        "%s is unavailable (%s): answering 503 with Retry-After until it is back, checking every "
                                + "%d s",
                        service.label(), describe(failure), PROBE_EVERY.toSeconds());
                scheduleProbe(service, started);
                return true;
            }
        }
    }

    /** Whether an outage of {@code service} is open (for tests and diagnostics). */
    public boolean isOpen(Service service) {
        return open.get(service.ordinal()) != null;
    }

    private void scheduleProbe(Service service, Outage outage) {
        scheduler.accept(PROBE_EVERY, () -> {
            Uni<?> check;
            try {
                check = probe.apply(service).ifNoItem().after(PROBE_TIMEOUT).fail();
            } catch (RuntimeException e) {
                check = Uni.createFrom().failure(e);
            }
            check.subscribe().with(ok -> ended(service, outage), failed -> scheduleProbe(service, outage));
        });
    }

    private void ended(Service service, Outage outage) {
        if (open.compareAndSet(service.ordinal(), outage, null)) {
            LOG.infof(
                    "%s is available again after %d ms; %d failed requests were answered 503 meanwhile",
                    service.label(),
                    Duration.ofNanos(System.nanoTime() - outage.started).toMillis(),
                    outage.failures.get());
        }
    }

    /** Whether {@code failure} means PostgreSQL or object storage is unavailable (a retry may succeed). */
    public static boolean isUnavailable(Throwable failure) {
        return unavailable(failure) != null;
    }

    /**
     * The service {@code failure} says is unavailable, or null when it is another kind of failure. Anything
     * from the S3 client is wrapped in an {@link SdkException}; every other connection failure that reaches
     * a request comes from the PostgreSQL client (the identity provider's key set is fetched and judged by
     * {@code RemoteJwks}).
     */
    public static Service unavailable(Throwable failure) {
        boolean found = false;
        boolean storage = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SdkException) {
                storage = true;
            }
            if (isUnavailableCause(t)) {
                found = true;
            }
        }
        return !found ? null : storage ? Service.STORAGE : Service.DATABASE;
    }

    private static boolean isUnavailableCause(Throwable t) {
        if (t instanceof DatabaseException db) {
            return isUnavailableSqlState(db.getSqlState());
        }
        if (t instanceof SQLException sql) {
            return isUnavailableSqlState(sql.getSQLState());
        }
        if (t instanceof S3Exception s3) {
            return s3.statusCode() >= 500; // 500 InternalError, 503 SlowDown
        }
        String name = t.getClass().getSimpleName();
        return t instanceof ClosedConnectionException
                || t instanceof ConnectException
                || t instanceof SocketException
                || t instanceof UnknownHostException
                || t instanceof ClosedChannelException
                || t instanceof InterruptedIOException
                || t instanceof TimeoutException
                || t instanceof SdkClientException
                || TRANSPORT_FAILURES.contains(name)
                || (t.getMessage() != null
                        && POOL_TIMEOUTS.contains(t.getMessage())
                        && (name.equals("VertxException") || name.equals("NoStackTraceThrowable")));
    }

    /**
     * Class 08 (connection exception: refused, lost, rejected), 57P0x (operator intervention: shutting down,
     * crashed, starting up, database dropped, idle session timeout) and 53300 (too many connections).
     */
    static boolean isUnavailableSqlState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300"));
    }

    /** The failure in a few words for the log: the innermost cause's class and message (with the SQLSTATE). */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static final class Outage {
        final long started;
        final AtomicLong failures = new AtomicLong(1);

        Outage(long started) {
            this.started = started;
        }
    }
}
