package dev.signet.quota;

import dev.signet.ops.SignetMetrics;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Drift repair: the triggers keep every team's counters in the statement that changes an asset, so they should never
 * drift; but a counter edited by hand, a restore, or a bug would otherwise refuse uploads (or let them pass) for ever.
 * On a schedule, each team's row is locked in turn, its counters recomputed from its assets and fixed where they
 * differ; each fix is logged and counted ({@code signet_quota_drift_repaired_total}). Safe on several replicas: the
 * row lock orders them, and the second finds nothing to fix.
 */
@ApplicationScoped
public class QuotaReconciler {

    private static final Logger LOG = Logger.getLogger(QuotaReconciler.class);

    private final QuotaRepository quotas;
    private final SignetMetrics metrics;

    public QuotaReconciler(QuotaRepository quotas, SignetMetrics metrics) {
        this.quotas = quotas;
        this.metrics = metrics;
    }

    @Scheduled(
            identity = "quota-reconciler",
            every = "${signet.quotas.reconcile-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return reconcile()
                .onFailure()
                .invoke(e -> LOG.warnf("quota drift repair failed: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Every team, one after the other (one statement each); returns how many teams had drifted. */
    public Uni<Integer> reconcile() {
        return quotas.teams()
                .onItem()
                .transformToMulti(teams -> Multi.createFrom().iterable(teams))
                .onItem()
                .transformToUniAndConcatenate(quotas::reconcile)
                .filter(Objects::nonNull)
                .invoke(repair -> {
                    LOG.warnf(
                            "quota counters of team %s drifted and were repaired: was %s, now %s",
                            repair.teamId(), repair.was(), repair.now());
                    metrics.quotaDriftRepaired();
                })
                .collect()
                .asList()
                .map(java.util.List::size);
    }
}
