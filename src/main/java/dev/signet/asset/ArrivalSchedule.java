package dev.signet.asset;

import io.quarkus.runtime.configuration.DurationConverter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * When uploads that settle on arrival are looked at ({@code signet.assets.arrival-check-*}): the first look
 * {@code first} after the upload was created, then the wait doubling with its age up to {@code max}, until its expiry
 * plus the sweeper's grace ({@code signet.sweeper.grace}), after which the sweeper expires it as any other.
 */
@ApplicationScoped
public class ArrivalSchedule {

    /** The first wait when this replica does not look itself ({@code off}): another replica may. */
    static final Duration FIRST_WHEN_OFF = Duration.ofSeconds(1);

    private final boolean enabled;
    private final Duration first;
    private final Duration max;
    private final Duration grace;
    private final int batch;
    private final int concurrency;

    public ArrivalSchedule(AssetConfig config, SweeperConfig sweeper) {
        String interval = config.arrivalCheckInterval().strip();
        this.enabled = !interval.equalsIgnoreCase("off") && !interval.equalsIgnoreCase("disabled");
        this.first = enabled ? DurationConverter.parseDuration(interval) : FIRST_WHEN_OFF;
        this.max = config.arrivalCheckMaxBackoff().compareTo(first) < 0 ? first : config.arrivalCheckMaxBackoff();
        this.grace = sweeper.grace();
        this.batch = config.arrivalCheckBatch();
        this.concurrency = config.arrivalCheckConcurrency();
    }

    /** Whether this replica looks ({@link ArrivalWatcher} runs). */
    public boolean enabled() {
        return enabled;
    }

    public Duration first() {
        return first;
    }

    public Duration max() {
        return max;
    }

    public Duration grace() {
        return grace;
    }

    public int batch() {
        return batch;
    }

    public int concurrency() {
        return concurrency;
    }
}
