package dev.signet.asset;

import dev.signet.asset.UploadLifecycle.ArrivalOutcome;
import dev.signet.asset.UploadLifecycle.ArrivalRun;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs the lifecycle's look for arrived objects ({@link UploadLifecycle#settleArrivals}) on a schedule: an upload that
 * settles on arrival (no confirm comes: Uppy's {@code /s3/params}) becomes ready about one interval after its bytes
 * land, with its event, exactly as a confirm would make it. Safe with several replicas: each run claims its uploads
 * with {@code FOR UPDATE SKIP LOCKED} and moves their next look on in the same statement, and every settle is a
 * conditional UPDATE of a pending row.
 */
@ApplicationScoped
public class ArrivalWatcher {

    private static final Logger LOG = Logger.getLogger(ArrivalWatcher.class);

    private final UploadLifecycle lifecycle;
    /** Whether the last run failed: an outage is reported when it starts and when it ends, not every second. */
    private volatile boolean failing;

    public ArrivalWatcher(UploadLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Scheduled(
            identity = "arrival-watcher",
            every = "${signet.assets.arrival-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return check().onFailure()
                .invoke(e -> failed(e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** One run (on a Vert.x context: settling opens sessions); answers how the uploads it looked at ended. */
    public Uni<ArrivalRun> check() {
        return lifecycle.settleArrivals().invoke(run -> {
            if (run.lastError() != null) {
                failed(run.count(ArrivalOutcome.ERROR) + " looks failed, the last: " + run.lastError());
            } else if (failing) {
                failing = false;
                LOG.info("looking for arrived uploads works again");
            }
            int settled = run.count(ArrivalOutcome.SETTLED) + run.count(ArrivalOutcome.REFUSED);
            if (settled > 0) {
                LOG.debugf(
                        "settled %d uploads on arrival, %d of them failed", settled, run.count(ArrivalOutcome.REFUSED));
            }
        });
    }

    private void failed(String why) {
        if (!failing) {
            failing = true;
            LOG.warnf("looking for arrived uploads failed (reported again when it works): %s", why);
        }
    }
}
