package dev.signet.verify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The scanning gate (issue 21): whether settled uploads wait for a scanner's verdict, and what follows it. */
@ConfigMapping(prefix = "signet.scanning")
public interface ScanningConfig {

    /** Whether settled uploads go to {@code scanning} instead of {@code ready}; a team may be set otherwise. */
    @WithDefault("false")
    boolean enabled();

    /** A scan not answered within this is reported once ({@code asset.scan_overdue}); it stays undownloadable. */
    @WithDefault("PT30M")
    Duration timeout();

    /** What an infected verdict does with the object: {@code delete} it, or {@code move} it under {@code quarantine/}. */
    @WithDefault("delete")
    Quarantine quarantine();

    /** How long a scanner's signed GET URL lives. */
    @WithDefault("PT5M")
    Duration scanUrlTtl();

    enum Quarantine {
        DELETE,
        MOVE
    }
}
