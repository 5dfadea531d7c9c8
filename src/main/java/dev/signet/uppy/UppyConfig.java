package dev.signet.uppy;

import dev.signet.asset.AssetKind;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * What an upload through the Companion-style routes gets when the Uppy file's {@code meta} does not say: Uppy's own
 * {@code type} is the file's media type, so the asset type travels as {@code meta.asset_type}.
 */
@ConfigMapping(prefix = "signet.uppy")
public interface UppyConfig {

    /** The asset type of a file whose meta has no {@code asset_type}. */
    @WithDefault("data")
    String defaultType();

    /** The asset kind ({@code input} or {@code output}) of a file whose meta has no {@code kind}. */
    Optional<AssetKind> defaultKind();

    /** The workflow of a file whose meta has no {@code workflow_id}. */
    Optional<UUID> defaultWorkflowId();

    /**
     * The longest an upload ({@code uk-}) key may live: its {@code expires_at} is required and at most this far ahead.
     * Read by {@code apikey/ApiKeyService}, which mints the keys (by this name: the features do not import each other).
     */
    @WithDefault("PT24H")
    Duration uploadKeyMaxLifetime();
}
