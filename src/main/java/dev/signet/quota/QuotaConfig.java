package dev.signet.quota;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Min;
import java.util.Optional;

/** Per-team storage quotas: the default for teams without one of their own, and the drift repair. */
@ConfigMapping(prefix = "signet.quotas")
public interface QuotaConfig {

    /** Bytes a team may hold (ready plus reserved by pending uploads) unless it has its own quota; empty: unlimited. */
    Optional<@Min(0) Long> defaultBytes();

    /** Files a team may hold (ready plus pending) unless it has its own quota; empty: unlimited. */
    Optional<@Min(0) Long> defaultFiles();

    /**
     * How often a replica recomputes every team's counters from its assets and repairs drift ({@code off}: never);
     * read by the scheduler ({@link QuotaReconciler}).
     */
    String reconcileInterval();
}
