package dev.signet.asset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
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
}
