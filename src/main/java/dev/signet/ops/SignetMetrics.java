package dev.signet.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Supplier;

/**
 * Signet's own meters (Prometheus names: {@code signet_urls_issued_total{kind}},
 * {@code signet_uploads_confirmed_total{outcome}}, {@code signet_sweeper_runs_total{outcome}},
 * {@code signet_sweeper_expired_total}, {@code signet_auth_failures_total{reason}},
 * {@code signet_jwks_fetches_total{outcome}}, {@code signet_webhook_attempts_total{outcome}},
 * {@code signet_webhooks_disabled_total}, {@code signet_quota_refusals_total{dimension}},
 * {@code signet_quota_drift_repaired_total}, {@code signet_arrival_checks_total{outcome}},
 * {@code signet_asset_insert_rows} (rows per grouped INSERT), {@code signet_asset_insert_waiting},
 * {@code signet_link_use_rows} (uses per grouped statement)). Tags
 * only take values from fixed sets (error codes, kinds), never from request input, so the series stay few.
 */
@ApplicationScoped
public class SignetMetrics {

    private final MeterRegistry registry;
    /** Kept: counted on every presigned URL, so no registry lookup per request. */
    private final Counter uploadUrls;

    private final Counter downloadUrls;
    private final DistributionSummary assetInsertRows;
    private final DistributionSummary linkUseRows;
    private final DistributionSummary linkUseLogRows;

    public SignetMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front so dashboards and alerts see zeros rather than missing series.
        this.uploadUrls = urls(registry, "upload");
        this.downloadUrls = urls(registry, "download");
        this.assetInsertRows = DistributionSummary.builder("signet.asset.insert.rows")
                .description("Rows per INSERT statement of new uploads (group commit)")
                .register(registry);
        this.linkUseRows = DistributionSummary.builder("signet.link.use.rows")
                .description("Uses of download links per grouped statement (group commit)")
                .register(registry);
        this.linkUseLogRows = DistributionSummary.builder("signet.link.use.log.rows")
                .description("Uses of download links logged per statement behind their redirects")
                .register(registry);
        registry.counter("signet.link.uses.unlogged");
        registry.counter("signet.sweeper.expired");
        registry.counter("signet.webhooks.disabled");
        registry.counter("signet.quota.drift.repaired");
        for (String dimension : List.of("bytes", "files")) {
            registry.counter("signet.quota.refusals", "dimension", dimension);
        }
        for (String outcome : List.of("missing", "settled", "refused", "taken", "error")) {
            registry.counter("signet.arrival.checks", "outcome", outcome);
        }
        for (String outcome : List.of("ok", "error")) {
            registry.counter("signet.sweeper.runs", "outcome", outcome);
            registry.counter("signet.jwks.fetches", "outcome", outcome);
        }
    }

    public void uploadUrlIssued() {
        uploadUrls.increment();
    }

    public void downloadUrlIssued() {
        downloadUrls.increment();
    }

    /** One INSERT of new upload rows was sent with this many rows. */
    public void assetInsertStatement(int rows) {
        assetInsertRows.record(rows);
    }

    /** Rows of new uploads waiting for their grouped INSERT (read when scraped). */
    public void assetInsertsWaiting(Supplier<Number> waiting) {
        Gauge.builder("signet.asset.insert.waiting", waiting)
                .description("New upload rows waiting for a grouped INSERT")
                .register(registry);
    }

    /** {@code ready}, or the error code a confirm ended with ({@code upload_missing}, {@code upload_mismatch}, …). */
    public void confirmed(String outcome) {
        registry.counter("signet.uploads.confirmed", "outcome", outcome).increment();
    }

    public void sweeperRan(boolean ok, int expired) {
        registry.counter("signet.sweeper.runs", "outcome", ok ? "ok" : "error").increment();
        registry.counter("signet.sweeper.expired").increment(expired);
    }

    /**
     * One look at an upload that settles on arrival, by how it ended: {@code missing} (no object yet),
     * {@code settled} (ready or scanning), {@code refused} (failed as a confirm would), {@code taken} (settled
     * elsewhere first), {@code error}.
     */
    public void arrivalChecked(String outcome) {
        registry.counter("signet.arrival.checks", "outcome", outcome).increment();
    }

    /** The code of a refused credential ({@code AuthError}): {@code token_expired}, {@code unknown_key}, … */
    public void authFailed(String reason) {
        registry.counter("signet.auth.failures", "reason", reason).increment();
    }

    /** One read of the identity provider's key set, and whether it succeeded. */
    public void jwksFetched(boolean ok) {
        registry.counter("signet.jwks.fetches", "outcome", ok ? "ok" : "error").increment();
    }

    /** One attempt to deliver a webhook, by how it ended ({@code delivered}, {@code http_error}, {@code timeout}, …). */
    public void webhookAttempt(String outcome) {
        registry.counter("signet.webhook.attempts", "outcome", outcome).increment();
    }

    /**
     * One claim transaction of the webhook dispatcher that leased {@code deliveries} (at least one): its count is
     * the claims that found work, its sum the deliveries they leased ({@code signet_webhook_claim_deliveries}).
     */
    public void webhookClaim(int deliveries) {
        DistributionSummary.builder("signet.webhook.claim.deliveries")
                .description("Deliveries leased per webhook claim transaction that leased any")
                .register(registry)
                .record(deliveries);
    }

    /** Registers one webhook attempt series per outcome up front, at zero (the webhook package names them). */
    public void webhookOutcomes(List<String> outcomes) {
        outcomes.forEach(outcome -> registry.counter("signet.webhook.attempts", "outcome", outcome));
    }

    /** A webhook Signet disabled because it kept failing. */
    public void webhookDisabled() {
        registry.counter("signet.webhooks.disabled").increment();
    }

    /** A new upload refused because it would pass its team's quota of {@code bytes} or {@code files}. */
    public void quotaRefused(String dimension) {
        registry.counter("signet.quota.refusals", "dimension", dimension).increment();
    }

    /** A team whose quota counters had drifted from its assets, repaired. */
    public void quotaDriftRepaired() {
        registry.counter("signet.quota.drift.repaired").increment();
    }

    /** One use of a download link Signet knew, by its outcome ({@code signet_link_uses_total{outcome}}). */
    public void linkUse(String outcome) {
        registry.counter("signet.link.uses", "outcome", outcome).increment();
    }

    /** Uses of download links in one grouped statement. */
    public void linkUseStatement(int uses) {
        linkUseRows.record(uses);
    }

    /** Uses of download links logged in one statement behind their redirects. */
    public void linkUseLogStatement(int uses) {
        linkUseLogRows.record(uses);
    }

    /** Uses of download links answered but not yet logged (read when scraped). */
    public void linkUseLogBacklog(Supplier<Number> pending) {
        Gauge.builder("signet.link.use.log.backlog", pending)
                .description("Uses of download links answered and not yet logged")
                .register(registry);
    }

    /** A use of a download link that could not be logged (its link deleted meanwhile). */
    public void linkUseUnlogged() {
        registry.counter("signet.link.uses.unlogged").increment();
    }

    private static Counter urls(MeterRegistry registry, String kind) {
        return Counter.builder("signet.urls.issued")
                .tag("kind", kind)
                .description("Presigned URLs issued")
                .register(registry);
    }

    // --- content verification and the scanning gate (issue 21) -----------------------------------------------

    /** Bytes a ranged read of content verification took from storage (one GET per confirm or complete). */
    public void storageBytesRead(long bytes) {
        registry.counter("signet.storage.read.bytes").increment(bytes);
        registry.counter("signet.storage.reads").increment();
    }

    /** An upload content verification refused ({@code content_mismatch}), by asset type. */
    public void contentMismatch(String type) {
        registry.counter("signet.verification.mismatches", "type", type).increment();
    }

    /** Scans reported overdue (each once: {@code asset.scan_overdue}). */
    public void scansOverdue(int count) {
        registry.counter("signet.scans.overdue").increment(count);
    }

    /** A scanner's verdict ({@code clean}, {@code infected}). */
    public void scanVerdict(String verdict) {
        registry.counter("signet.scans.verdicts", "verdict", verdict).increment();
    }
}
