package dev.signet.verify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;

/** Content verification at confirm and complete ({@link ContentCheck}): how much to read, and the rule per type. */
@ConfigMapping(prefix = "signet.verification")
public interface VerificationConfig {

    /** The most bytes one ranged GET reads from the start of an upload to tell its type. */
    @WithDefault("8192")
    @Min(64)
    @Max(1048576)
    int sniffBytes();

    /**
     * The rule per asset type ({@code signet.verification.rules.<type>=strict|lenient|off}); a type not named here
     * gets {@link ContentRule#defaultFor(String)}: strict for image, audio, video and document, lenient otherwise.
     */
    Map<String, ContentRule> rules();
}
