package dev.signet.link;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** Download links ({@code signet.links.*}); every one has a default fit for production. */
@ConfigMapping(prefix = "signet.links")
public interface LinkConfig {

    /**
     * Signet's public URL (e.g. {@code https://files.example.com}): links are {@code <base-url>/l/<token>}. Unset:
     * the scheme and host of the request that creates the link (the forwarded ones only when
     * {@code quarkus.http.proxy.*} trusts the proxy).
     */
    Optional<String> baseUrl();

    /** The longest a link may live ({@code expires_at} at most this far ahead); SigV4's 7 days do not bind it. */
    @WithDefault("P30D")
    Duration maxLifetime();

    /** The life of the presigned URL each use redirects to. */
    @WithDefault("PT10S")
    Duration redirectTtl();

    /** How long the uses of a link are kept (the audit trail); older ones are deleted in batches. */
    @WithDefault("P90D")
    Duration auditRetention();

    /** How often a replica deletes uses older than {@link #auditRetention()} ({@code off}: never). */
    @WithDefault("1h")
    String auditSweepInterval();

    /** Write the event {@code link.used} for every use (webhooks may subscribe); off by default for volume. */
    @WithDefault("false")
    boolean useEvents();

    /**
     * Statements running at once per replica, for the reads that check links and, apart, for the statements that use
     * limited links (lock, count, log); uses that arrive meanwhile go together in the next one (one round trip, and
     * for a use statement one commit, per group). 1, 2 and 4 were measured in docs/benchmarks.md (issue 22).
     */
    @WithDefault("1")
    @Min(1)
    int useConcurrency();

    /** Uses per grouped statement at most. */
    @WithDefault("64")
    @Min(1)
    int useBatchMax();

    /**
     * Log and count every use before its redirect is sent, in the statement that decides it (as always for links
     * with {@code max_uses}). Off: the uses of links without {@code max_uses} are decided by a read and logged right
     * behind their answers ({@code LinkUseLog}), so PostgreSQL spends 26 µs a use instead of 46 (docs/benchmarks.md,
     * run {@code links-6}); a replica that crashes loses the uses it had not yet written.
     */
    @WithDefault("false")
    boolean logBeforeRedirect();

    /** Uses answered and not yet logged, per replica, past which further uses are refused (503) until they are. */
    @WithDefault("100000")
    @Min(1)
    int logBacklogMax();
}
