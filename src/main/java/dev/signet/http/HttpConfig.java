package dev.signet.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** Signet's own limits at the HTTP edge (below the codec's higher ones, so the refusal has the JSON body). */
@ConfigMapping(prefix = "signet.http")
public interface HttpConfig {

    /** The longest request line in bytes; a longer one is a 414. */
    @WithDefault("8192")
    @Min(64)
    int maxRequestLine();

    /** The most header bytes of a request; more is a 431. */
    @WithDefault("32768")
    @Min(1024)
    int maxHeaderBytes();
}
