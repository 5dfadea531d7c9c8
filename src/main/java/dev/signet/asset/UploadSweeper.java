package dev.signet.asset;

import dev.signet.ops.SignetMetrics;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Runs the lifecycle's expiry ({@link UploadLifecycle#expire}) on a schedule: uploads that never arrived become
 * {@code expired} once their URL has run out (plus a grace period for clock skew and slow PUTs), any object that
 * arrived late is deleted, multipart uploads past their time are aborted, so storage keeps none of their parts. Safe
 * with several replicas: each batch locks its rows with {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class UploadSweeper {

    private static final Logger LOG = Logger.getLogger(UploadSweeper.class);

    private final UploadLifecycle lifecycle;
    private final Duration grace;
    private final int batch;
    private final SignetMetrics metrics;

    public UploadSweeper(UploadLifecycle lifecycle, SweeperConfig config, SignetMetrics metrics) {
        this.lifecycle = lifecycle;
        this.grace = config.grace();
        this.batch = config.batch();
        this.metrics = metrics;
    }

    @Scheduled(
            identity = "upload-sweeper",
            every = "${signet.sweeper.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().onFailure()
                .invoke(e -> LOG.warnf("upload sweep failed: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** One batch; returns how many uploads it expired. Multipart uploads are aborted: storage drops their parts. */
    public Uni<Integer> sweep() {
        return lifecycle
                .expire(Instant.now().minus(grace), batch)
                // the same pass reports scans left unanswered (issue 21): they stay scanning
                .call(() -> lifecycle.reportOverdueScans(Instant.now(), batch).invoke(overdue -> {
                    if (overdue > 0) {
                        LOG.warnf(
                                "%d scans overdue (signet.scanning.timeout): reported, still not downloadable",
                                overdue);
                    }
                }))
                .invoke(expired -> {
                    if (expired > 0) {
                        LOG.infof("expired %d pending uploads", expired);
                    }
                })
                .invoke(expired -> metrics.sweeperRan(true, expired))
                .onFailure()
                .invoke(() -> metrics.sweeperRan(false, 0));
    }
}
