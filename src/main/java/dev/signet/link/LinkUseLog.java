package dev.signet.link;

import dev.signet.http.Outages;
import dev.signet.link.LinkRepository.LoggedUse;
import dev.signet.ops.SignetMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The audit trail of the links without {@code max_uses}, written behind their redirects: a use decided by a read
 * ({@link LinkRepository#check}) is queued here and answered at once; one statement at a time logs and counts what is
 * queued ({@link LinkRepository#log}), so a busy link's uses share statements and commits. A use is in the trail
 * (and in its link's count) one statement's time after its answer; a replica that crashes loses the uses still
 * queued in it (a graceful stop writes them first). With {@code signet.links.log-before-redirect} nothing comes here.
 * <p>
 * While PostgreSQL is unavailable the queue keeps its uses and retries every second; past
 * {@code signet.links.log-backlog-max} queued uses, {@link #add} refuses (the use is answered 503, not redirected
 * unlogged). A use whose statement fails otherwise (its link deleted meanwhile) is tried alone, and dropped (WARN,
 * {@code signet_link_uses_unlogged_total}) only if it fails alone.
 */
@ApplicationScoped
public class LinkUseLog {

    private static final Logger LOG = Logger.getLogger(LinkUseLog.class);
    private static final long RETRY_MS = 1_000;
    /** Uses per statement at most: a row costs about 10 µs of PostgreSQL's CPU, a statement about 50 µs more. */
    static final int BATCH_MAX = 256;
    /**
     * After a statement, a short wait before the next unless a full batch waits: under load the batches grow and their
     * fixed cost shrinks per use; an idle replica's first use is written at once.
     */
    private static final long LINGER_MS = 2;

    private final LinkRepository links;
    private final Vertx vertx;
    private final SignetMetrics metrics;
    private final int backlogMax;
    private final ConcurrentLinkedDeque<LoggedUse> queue = new ConcurrentLinkedDeque<>();
    /** Uses added and not yet committed (queued or in the statement running). */
    private final AtomicInteger pending = new AtomicInteger();
    /** At most one statement at a time: the queue fills while it runs, and the next takes it all. */
    private final AtomicBoolean writing = new AtomicBoolean();

    public LinkUseLog(LinkRepository links, Vertx vertx, SignetMetrics metrics, LinkConfig config) {
        this.links = links;
        this.vertx = vertx;
        this.metrics = metrics;
        this.backlogMax = config.logBacklogMax();
        metrics.linkUseLogBacklog(pending::get);
    }

    /** Queues a decided use to be logged; false (nothing queued) when {@code log-backlog-max} uses wait already. */
    public boolean add(LoggedUse use) {
        if (pending.incrementAndGet() > backlogMax) {
            pending.decrementAndGet();
            return false;
        }
        queue.add(use);
        write();
        return true;
    }

    /** Uses added and not yet committed (tests wait for 0). */
    public int pending() {
        return pending.get();
    }

    private void write() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            List<LoggedUse> batch = new ArrayList<>(Math.min(BATCH_MAX, queue.size()));
            LoggedUse next;
            while (batch.size() < BATCH_MAX && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                writing.set(false);
                continue; // another writer took them; look again
            }
            metrics.linkUseLogStatement(batch.size());
            links.log(batch).subscribe().with(logged -> done(batch.size()), failure -> failed(batch, failure));
            return;
        }
    }

    private void done(int uses) {
        pending.addAndGet(-uses);
        if (queue.size() >= BATCH_MAX) {
            writing.set(false);
            write();
        } else {
            vertx.setTimer(LINGER_MS, id -> {
                writing.set(false);
                write();
            });
        }
    }

    private void failed(List<LoggedUse> batch, Throwable failure) {
        if (Outages.isUnavailable(failure)) {
            // back at the head, in order; the writing flag stays set so nothing overtakes them
            for (int i = batch.size() - 1; i >= 0; i--) {
                queue.addFirst(batch.get(i));
            }
            vertx.setTimer(RETRY_MS, id -> {
                writing.set(false);
                write();
            });
            return;
        }
        Multi.createFrom()
                .iterable(batch)
                .onItem()
                .transformToUniAndConcatenate(use -> links.log(List.of(use))
                        .onFailure()
                        .recoverWithUni(alone -> {
                            LOG.warnf(alone, "a use of link %s (%s) could not be logged", use.linkId(), use.outcome());
                            metrics.linkUseUnlogged();
                            return Uni.createFrom().item(0);
                        }))
                .collect()
                .last()
                .subscribe()
                .with(ignored -> done(batch.size()), ignored -> done(batch.size()));
    }

    /**
     * A graceful stop writes what is queued first (before the database pool closes), for at most 10 s. Only when this
     * replica made the log: a stop does not make it.
     */
    void shuttingDown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (pending.get() > 0) {
            LOG.warnf("stopping with %d uses of links not logged", pending.get());
        }
    }
}
