package dev.signet.asset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "signet.assets")
public interface AssetConfig {

    /** The asset types clients may declare. */
    @WithDefault("audio,video,rendered_video,cut_file,image,document,data")
    List<String> types();

    /**
     * INSERT statements for new upload rows running at once; rows that arrive meanwhile are grouped into
     * the next statement (group commit: one round trip and one WAL flush for the group). One gives the
     * largest groups and the least database and app CPU per row (docs/benchmarks.md: 1, 2 and 4 measured).
     */
    @WithDefault("1")
    @Min(1)
    int insertConcurrency();

    /** Rows per grouped INSERT at most. */
    @WithDefault("64")
    @Min(1)
    int insertBatchMax();

    // --- settle on arrival (issue 23) ---------------------------------------------------------------------------

    /**
     * How often a replica looks for the objects of uploads that settle on arrival ({@link ArrivalWatcher}; {@code off}:
     * never), read by the scheduler from {@code application.properties}; also the first wait after an upload is
     * created, from which the wait between two looks at one upload doubles.
     */
    String arrivalCheckInterval();

    /** The longest wait between two looks at one upload's object. */
    @WithDefault("PT30S")
    Duration arrivalCheckMaxBackoff();

    /** Uploads looked at per run at most. */
    @WithDefault("100")
    @Min(1)
    int arrivalCheckBatch();

    /** HEADs of storage running at once per replica. */
    @WithDefault("8")
    @Min(1)
    int arrivalCheckConcurrency();
}
