package dev.signet.asset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** The expiry sweep of pending uploads ({@link UploadSweeper}). */
@ConfigMapping(prefix = "signet.sweeper")
public interface SweeperConfig {

    /** How often a replica sweeps ({@code off}: never); read by the scheduler from {@code application.properties}. */
    String every();

    /** How long after its URL ran out a pending upload is left alone (clock skew, a slow PUT). */
    @WithDefault("PT5M")
    Duration grace();

    /** Uploads expired per sweep at most. */
    @WithDefault("500")
    @Min(1)
    int batch();
}
