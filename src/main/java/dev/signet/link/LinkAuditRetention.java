package dev.signet.link;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Deletes uses of links older than {@code signet.links.audit-retention}, in batches (short statements: no long lock,
 * no huge WAL burst), until none is left. Safe on several replicas: each batch deletes what is still there.
 */
@ApplicationScoped
public class LinkAuditRetention {

    private static final Logger LOG = Logger.getLogger(LinkAuditRetention.class);

    /** Uses deleted per statement. */
    static final int BATCH = 5000;

    private final LinkRepository links;
    private final LinkConfig config;

    public LinkAuditRetention(LinkRepository links, LinkConfig config) {
        this.links = links;
        this.config = config;
    }

    @Scheduled(
            identity = "link-audit-retention",
            every = "${signet.links.audit-sweep-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().onFailure()
                .invoke(e -> LOG.warnf("deleting old link uses failed: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes every use older than the retention, batch after batch; answers how many. */
    public Uni<Long> sweep() {
        return sweep(0L);
    }

    private Uni<Long> sweep(long done) {
        return links.deleteUsesOlderThan(config.auditRetention(), BATCH)
                .chain(deleted -> deleted < BATCH ? Uni.createFrom().item(done + deleted) : sweep(done + deleted));
    }
}
