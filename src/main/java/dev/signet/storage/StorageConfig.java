package dev.signet.storage;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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

    /** The largest accepted file, in bytes (S3's single-PUT limit is 5 GiB). */
    @WithDefault("5368709120")
    long maxFileSize();

    /**
     * Content types that may be uploaded, as {@code type/subtype} or {@code type/*}; absent means any
     * well-formed content type.
     */
    Optional<List<String>> allowedContentTypes();
}
