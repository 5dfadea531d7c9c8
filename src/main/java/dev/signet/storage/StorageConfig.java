package dev.signet.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where objects live and what a signed URL may allow. */
@ConfigMapping(prefix = "signet.storage")
public interface StorageConfig {

    /** The bucket holding every object. */
    String bucket();

    /**
     * The S3 endpoint clients reach, when it differs from the one Signet talks to
     * ({@code quarkus.s3.endpoint-override}): URLs are signed for this host, since the host is part of the
     * signature. For a private network name inside a cluster and a public one outside.
     */
    Optional<URI> publicEndpoint();

    /** How long an upload URL stays valid. */
    @WithDefault("PT15M")
    Duration uploadUrlTtl();

    /** How long a download URL stays valid (workflow download URLs and the public redirect). */
    @WithDefault("PT1H")
    Duration downloadUrlTtl();

    /**
     * The largest accepted file, in bytes: at most S3's 5 TiB. Above 5 GiB (S3's limit for one PUT) a file goes
     * up as a multipart upload.
     */
    @WithDefault("5497558138880")
    @Min(1)
    @Max(5497558138880L)
    long maxFileSize();

    /**
     * How long a multipart upload may take from its start to its completion; then the sweeper aborts it. Each
     * part URL lives {@link #uploadUrlTtl()} at most, never past this.
     */
    @WithDefault("PT24H")
    Duration multipartTtl();

    /**
     * Content types that may be uploaded, as {@code type/subtype} or {@code type/*}; absent means any
     * well-formed content type.
     */
    Optional<List<String>> allowedContentTypes();
}
