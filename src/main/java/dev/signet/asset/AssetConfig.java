package dev.signet.asset;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "signet.assets")
public interface AssetConfig {

    /** The asset types clients may declare. */
    @WithDefault("audio,video,rendered_video,cut_file,image,document,data")
    List<String> types();
}
