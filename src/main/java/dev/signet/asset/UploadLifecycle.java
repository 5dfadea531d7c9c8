package dev.signet.asset;

import dev.signet.access.TeamContext;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.common.Ids;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.http.StorageInputs;
import dev.signet.ops.SignetMetrics;
import dev.signet.quota.QuotaRefusal;
import dev.signet.storage.ObjectKeys;
import dev.signet.storage.StorageService;
import dev.signet.storage.StorageService.StoredObject;
import dev.signet.verify.ContentCheck;
import dev.signet.verify.ContentRule;
import dev.signet.verify.ScanningConfig;
import dev.signet.verify.ScanningGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The one upload lifecycle, whatever carries the bytes: a new asset is created {@code pending_upload}, then settled
 * against the object storage holds ({@code ready}, or {@code failed} with the object deleted); what never arrives is
 * expired; delete discards row and bytes. Every change of state is one conditional UPDATE whose transaction also
 * writes the outbox event (the {@code assets} trigger of migration V5), so a concurrent confirm, complete or sweep
 * changes a row at most once.
 * <p>
 * The ways to upload build on this public API and never touch {@link AssetRepository}: one presigned PUT
 * ({@link AssetService}) and S3 multipart uploads ({@code asset.multipart}, which adds signing, listing, completing;
 * its abort is this delete or this expiry, which abort storage's multipart upload of a row that names one).
 */
@ApplicationScoped
public class UploadLifecycle {

    private static final Logger LOG = Logger.getLogger(UploadLifecycle.class);

    private final AssetRepository assets;
    private final ReadyObjects readyObjects;
    private final StorageService storage;
    private final UploadPolicy policy;
    private final ContentCheck content;
    private final ScanningGate gate;
    private final SignetMetrics metrics;
    private final ArrivalSchedule arrivals;

    public UploadLifecycle(
            AssetRepository assets,
            ReadyObjects readyObjects,
            StorageService storage,
            UploadPolicy policy,
            ContentCheck content,
            ScanningGate gate,
            SignetMetrics metrics,
            ArrivalSchedule arrivals) {
        this.assets = assets;
        this.readyObjects = readyObjects;
        this.storage = storage;
        this.policy = policy;
        this.content = content;
        this.gate = gate;
        this.metrics = metrics;
        this.arrivals = arrivals;
    }

    // --- create -------------------------------------------------------------------------------------------------

    /**
     * A new pending asset of the reference-002 shape (upload URL and multipart): type and kind, content type (the
     * default when none), file name and its object key, all checked; not yet stored.
     */
    public Asset newUpload(
            TeamContext team,
            String type,
            AssetKind kind,
            String declaredContentType,
            String declaredFileName,
            Long size,
            UUID workflowId) {
        AssetTypes.Resolved typeAndKind = policy.typeAndKind(type, kind);
        String contentType = policy.contentType("content_type", declaredContentType, true);
        String fileName =
                declaredFileName == null ? null : StorageInputs.requireFileName("file_name", declaredFileName);
        UUID id = Ids.newId();
        String key = StorageInputs.requireKeyFits(
                "file_name",
                ObjectKeys.assetKey(team.teamId(), typeAndKind.kind().wire(), id, fileName));
        return newAsset(team, id, typeAndKind, key, fileName, contentType, size, workflowId);
    }

    /**
     * A new pending workflow input of reference 003: exactly {@code size} bytes in one PUT, its type implied by its
     * content type, its key in the reference's form; not yet stored.
     */
    public Asset newWorkflowInput(TeamContext team, String declaredFileName, String declaredContentType, Long size) {
        String fileName = StorageInputs.requireFileName("file_name", declaredFileName);
        String contentType = policy.contentType("content_type", declaredContentType, false);
        policy.requireSinglePut("file_size", size);
        UUID id = Ids.newId();
        String key = StorageInputs.requireKeyFits(
                "file_name", ObjectKeys.workflowInputKey(team.teamId(), id, contentType, fileName));
        return newAsset(
                team,
                id,
                new AssetTypes.Resolved(policy.typeOf(contentType), AssetKind.INPUT),
                key,
                fileName,
                contentType,
                size,
                null);
    }

    /** How a pending single-PUT/POST upload becomes ready (issue 23). */
    public enum Settlement {
        /** Its client confirms it ({@code POST /assets/{id}/confirm}). */
        ON_CONFIRM,
        /**
         * No confirm comes (Uppy's {@code /s3/params}: the bytes go straight to storage): every replica's
         * {@link ArrivalWatcher} looks for its object, backing off, until its expiry, and settles it when it is there,
         * exactly as a confirm would.
         */
        ON_ARRIVAL
    }

    /** Marks a new pending single-PUT/POST upload (not yet stored) to settle as {@code settlement} says. */
    public Asset settledBy(Asset asset, Settlement settlement) {
        asset.arrivalCheckAt = settlement == Settlement.ON_ARRIVAL ? asset.createdAt.plus(arrivals.first()) : null;
        return asset;
    }

    /**
     * Stores a new pending asset (its {@code upload_expires_at} set): one grouped INSERT, answered once committed
     * (no transaction of its own: {@link AssetRepository#insertPending}). A workflow that is not the team's is a 404.
     * The same INSERT reserves the declared size under the team's quota: an upload that would pass it is a 409
     * {@code quota_exceeded} with the numbers, one without a size under a byte quota a 400 naming {@code file_size}.
     */
    public Uni<Void> createPending(Asset asset) {
        return assets.insertPending(asset)
                .onFailure(AssetRepository.WorkflowNotInTeam.class)
                .transform(e -> ErrorCode.WORKFLOW_NOT_FOUND.exception())
                .onFailure(QuotaRefusal.class)
                .transform(e -> ((QuotaRefusal) e).answer());
    }

    // --- read ---------------------------------------------------------------------------------------------------

    /** The team's asset, or 404: another team's asset does not exist for this caller. */
    @WithSession
    public Uni<Asset> find(TeamContext team, UUID id) {
        return assets.findInTeam(id, team.teamId()).map(asset -> {
            if (asset == null) {
                throw ErrorCode.ASSET_NOT_FOUND.exception();
            }
            return asset;
        });
    }

    /**
     * The id of the team's asset whose multipart upload is {@code uploadId} on {@code objectKey}, or 404: another
     * team's upload, or a key that does not go with the upload id, does not exist for this caller.
     */
    @WithSession
    public Uni<UUID> findUpload(TeamContext team, String uploadId, String objectKey) {
        return assets.findUploadInTeam(team.teamId(), uploadId, objectKey).map(asset -> {
            if (asset == null) {
                throw ErrorCode.ASSET_NOT_FOUND.exception();
            }
            return asset.id;
        });
    }

    // --- settle -------------------------------------------------------------------------------------------------

    /**
     * Settles a pending asset against its stored object: another size, type or SHA-256 than declared fails it
     * (object deleted, 409 {@code upload_mismatch}), and so does content that contradicts the declared type (its first
     * bytes, read with one ranged GET and judged by the asset type's rule: 409 {@code content_mismatch}); otherwise it
     * becomes ready with what storage reported (its SHA-256 where storage reports one, else the declared one, which
     * storage enforced), or {@code scanning} when the team's scanning gate is on. {@code expectedSha256}: what storage
     * must report (for a multipart upload, the composite of the parts' SHA-256s), or null. An asset a concurrent call
     * settled otherwise is a 409 naming its state.
     */
    public Uni<AssetSummary> settle(TeamContext team, Asset asset, StoredObject object, String expectedSha256) {
        return settle(asset, object, expectedSha256);
    }

    /** {@link #settle(TeamContext, Asset, StoredObject, String)} for an asset read from its team's rows. */
    Uni<AssetSummary> settle(Asset asset, StoredObject object, String expectedSha256) {
        String mismatch = policy.mismatch(asset, object, expectedSha256);
        String checksum = object.checksumSha256() != null ? object.checksumSha256() : expectedSha256;
        if (mismatch != null) {
            return fail(asset, ErrorCode.UPLOAD_MISMATCH, mismatch);
        }
        return contentMismatch(asset, object).chain(wrongContent -> {
            if (wrongContent != null) {
                metrics.contentMismatch(asset.type);
                return fail(asset, ErrorCode.CONTENT_MISMATCH, wrongContent);
            }
            return gate.enabledFor(asset.teamId)
                    .chain(scanning -> markSettled(asset.teamId, asset.id, object, checksum, Ids.now(), scanning))
                    .map(current -> {
                        if (current.state != AssetState.READY && current.state != AssetState.SCANNING) {
                            throw ErrorCode.INVALID_STATE.exception(current.state);
                        }
                        return AssetSummary.of(current);
                    });
        });
    }

    /** Deletes the object, fails the asset (its {@code asset.failed} event), then refuses with {@code error}. */
    private Uni<AssetSummary> fail(Asset asset, ErrorCode error, String why) {
        return storage.delete(asset.objectKey)
                .chain(() -> markFailed(asset.id, Ids.now()))
                .chain(() -> Uni.createFrom().failure(error.exception(why)));
    }

    /**
     * Why the object's first bytes contradict the declared type, or null: one ranged GET of at most
     * {@code signet.verification.sniff-bytes}, none when the asset type's rule is off or the object is empty.
     */
    private Uni<String> contentMismatch(Asset asset, StoredObject object) {
        if (content.ruleFor(asset.type) == ContentRule.OFF) {
            return Uni.createFrom().nullItem();
        }
        Uni<byte[]> prefix = object.size() == 0
                ? Uni.createFrom().item(new byte[0])
                : storage.readPrefix(asset.objectKey, content.sniffBytes());
        return prefix.map(bytes -> content.mismatch(asset.type, asset.contentType, bytes));
    }

    /** A pending upload whose bytes never became an object (storage lost or aborted it) fails. */
    public Uni<Void> failPending(Asset asset) {
        return markFailed(asset.id, Ids.now());
    }

    /**
     * Ready (or scanning) with what storage reported, then the row as it now is (this call's change, or a concurrent
     * one's).
     */
    @WithTransaction
    Uni<Asset> markSettled(UUID teamId, UUID id, StoredObject object, String checksum, Instant now, boolean scanning) {
        Uni<Integer> change = scanning
                ? assets.markScanning(id, object.size(), object.etag(), checksum, now)
                : assets.markReady(id, object.size(), object.etag(), checksum, now);
        return change.chain(() -> assets.findInTeam(id, teamId));
    }

    // --- the scanning gate (issue 21) ---------------------------------------------------------------------------

    /** A scanner's verdict. */
    public enum Verdict {
        CLEAN,
        INFECTED
    }

    /**
     * A scanner's verdict on the team's scanning asset: clean → ready ({@code asset.ready}); infected → quarantined
     * ({@code asset.quarantined}), its object deleted or moved under {@code quarantine/} first
     * ({@code signet.scanning.quarantine}), so it can never be downloaded again. Another state is a 409 and changes
     * nothing; so does a verdict a concurrent call gave first.
     */
    public Uni<AssetSummary> judge(TeamContext team, UUID id, Verdict verdict, String detail) {
        return find(team, id).chain(asset -> {
            if (asset.state != AssetState.SCANNING) {
                return Uni.createFrom().failure(ErrorCode.NOT_SCANNING.exception(asset.state));
            }
            Uni<Void> storageSide = verdict == Verdict.CLEAN ? Uni.createFrom().voidItem() : quarantine(asset);
            AssetState to = verdict == Verdict.CLEAN ? AssetState.READY : AssetState.QUARANTINED;
            return storageSide
                    .chain(() -> markVerdict(team, id, to, verdict.name().toLowerCase(java.util.Locale.ROOT), detail))
                    .map(current -> {
                        if (current.state != to) {
                            throw ErrorCode.NOT_SCANNING.exception(current.state);
                        }
                        metrics.scanVerdict(verdict.name().toLowerCase(java.util.Locale.ROOT));
                        return AssetSummary.of(current);
                    });
        });
    }

    /** Where an infected object is kept when {@code signet.scanning.quarantine=move}. */
    public static String quarantineKey(String objectKey) {
        return "quarantine/" + objectKey;
    }

    private Uni<Void> quarantine(Asset asset) {
        return gate.config().quarantine() == ScanningConfig.Quarantine.MOVE
                ? storage.move(asset.objectKey, quarantineKey(asset.objectKey))
                : storage.delete(asset.objectKey);
    }

    @WithTransaction
    Uni<Asset> markVerdict(TeamContext team, UUID id, AssetState to, String verdict, String detail) {
        return assets.markVerdict(id, to, verdict, detail, Ids.now()).chain(() -> find(team, id));
    }

    /**
     * The short-lived GET URL a scanner fetches a scanning asset with ({@code signet.scanning.scan-url-ttl}); no
     * other asset gets one here, and nobody but a scanner's key reaches this ({@code Permission.SCAN}).
     */
    public Uni<StorageService.DownloadUrl> scanUrl(TeamContext team, UUID id) {
        return find(team, id).map(asset -> {
            if (asset.state != AssetState.SCANNING) {
                throw ErrorCode.NOT_SCANNING.exception(asset.state);
            }
            return storage.presignDownload(asset.objectKey, gate.config().scanUrlTtl());
        });
    }

    /**
     * Reports scans unanswered for {@code signet.scanning.timeout}: each once ({@code asset.scan_overdue}); they stay
     * scanning, never released. Returns how many it reported.
     */
    public Uni<Integer> reportOverdueScans(Instant now, int batch) {
        return assets.markScansOverdue(now.minus(gate.config().timeout()), batch)
                .invoke(n -> {
                    if (n > 0) {
                        metrics.scansOverdue(n);
                    }
                });
    }

    @WithTransaction
    Uni<Void> markFailed(UUID id, Instant now) {
        return assets.markState(id, AssetState.PENDING_UPLOAD, AssetState.FAILED, now)
                .replaceWithVoid();
    }

    // --- settle on arrival (issue 23) ---------------------------------------------------------------------------

    /** How one look at a watched upload ended ({@code signet_arrival_checks_total{outcome}}). */
    public enum ArrivalOutcome {
        /** No object yet: looked at again later. */
        MISSING,
        /** Settled ready (or scanning behind the gate), as a confirm would. */
        SETTLED,
        /** Settled failed, as a confirm would (another size or type, contradicting content): its object deleted. */
        REFUSED,
        /** Settled (or deleted, expired) by someone else first: a client's confirm, another replica. */
        TAKEN,
        /** Storage or the database failed: looked at again later. */
        ERROR
    }

    /**
     * What one look at the due uploads did: how many ended each way, and the last failure of storage or the database
     * (null: none), for the watch to report once per outage rather than once per upload.
     */
    public record ArrivalRun(Map<ArrivalOutcome, Integer> outcomes, String lastError) {
        public int count(ArrivalOutcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }

    /**
     * Looks once at up to {@code signet.assets.arrival-check-batch} watched uploads whose look is due (claimed in one
     * UPDATE that also moves their next look on: {@link AssetRepository#claimArrivals}, so replicas never take one
     * upload at once), HEADs their objects ({@code signet.assets.arrival-check-concurrency} at once) and settles those
     * that arrived through {@link #settle(Asset, StoredObject, String)}, the path of a confirm: size, type and SHA-256
     * against what was declared, the content check, the scanning gate, the quota and the event. One at a time: they
     * share this call's context, and so its session.
     */
    public Uni<ArrivalRun> settleArrivals() {
        return assets.claimArrivals(arrivals.batch(), arrivals.first(), arrivals.max(), arrivals.grace())
                .chain(due -> Multi.createFrom()
                        .iterable(due)
                        .onItem()
                        .transformToUni(asset -> storage.headWithChecksum(asset.objectKey)
                                .map(stored -> new Looked(asset, stored.orElse(null), null))
                                .onFailure()
                                .recoverWithItem(e -> new Looked(asset, null, e)))
                        .merge(arrivals.concurrency())
                        .onItem()
                        .transformToUniAndConcatenate(this::settleLooked)
                        .collect()
                        .asList())
                .map(looks -> {
                    Map<ArrivalOutcome, Integer> counts = new EnumMap<>(ArrivalOutcome.class);
                    String lastError = null;
                    for (Look look : looks) {
                        counts.merge(look.outcome(), 1, Integer::sum);
                        metrics.arrivalChecked(look.outcome().name().toLowerCase(java.util.Locale.ROOT));
                        lastError = look.error() != null ? look.error() : lastError;
                    }
                    return new ArrivalRun(counts, lastError);
                });
    }

    /** A watched upload and what storage answered of its object (null: none yet, or {@code error}). */
    private record Looked(Asset asset, StoredObject object, Throwable error) {}

    /** How one look ended, and why when storage or the database failed. */
    private record Look(ArrivalOutcome outcome, String error) {}

    private Uni<Look> settleLooked(Looked looked) {
        if (looked.error() != null) {
            return Uni.createFrom()
                    .item(new Look(ArrivalOutcome.ERROR, looked.error().toString()));
        }
        if (looked.object() == null) {
            return Uni.createFrom().item(new Look(ArrivalOutcome.MISSING, null));
        }
        Asset asset = looked.asset();
        return settle(asset, looked.object(), asset.checksumSha256)
                .map(settled -> new Look(ArrivalOutcome.SETTLED, null))
                .onFailure()
                .recoverWithItem(e -> {
                    String code = e instanceof ApiException refusal ? refusal.code() : "";
                    if (code.equals(ErrorCode.UPLOAD_MISMATCH.code())
                            || code.equals(ErrorCode.CONTENT_MISMATCH.code())) {
                        LOG.infof("upload %s arrived and failed: %s", asset.id, e.getMessage());
                        return new Look(ArrivalOutcome.REFUSED, null);
                    }
                    if (code.equals(ErrorCode.INVALID_STATE.code())) {
                        return new Look(ArrivalOutcome.TAKEN, null);
                    }
                    return new Look(ArrivalOutcome.ERROR, e.toString());
                });
    }

    // --- delete and expire --------------------------------------------------------------------------------------

    /**
     * Deletes the object (aborting an unfinished multipart upload first, so storage drops its parts), then marks
     * the row deleted; deleting a deleted asset again is harmless.
     */
    public Uni<Void> delete(TeamContext team, UUID id) {
        return find(team, id).chain(asset -> {
            if (asset.state == AssetState.DELETED) {
                return Uni.createFrom().voidItem();
            }
            String unfinished = asset.state == AssetState.PENDING_UPLOAD ? asset.uploadId : null;
            return discard(asset.objectKey, unfinished)
                    .chain(() -> markDeleted(asset))
                    .call(() -> readyObjects.forget(asset.objectKey));
        });
    }

    @WithTransaction
    Uni<Void> markDeleted(Asset asset) {
        return assets.markState(asset.id, asset.state, AssetState.DELETED, Ids.now())
                .replaceWithVoid();
    }

    /**
     * Expires up to {@code batch} pending uploads that ran out before {@code cutoff} (one UPDATE, its own
     * transaction; {@code SKIP LOCKED} lets replicas sweep at once), then discards what storage holds of each: an
     * object that arrived late, the parts of a multipart upload. Returns how many it expired.
     */
    public Uni<Integer> expire(Instant cutoff, int batch) {
        return assets.expirePending(cutoff, batch)
                .chain(expired -> Multi.createFrom()
                        .iterable(expired)
                        .onItem()
                        .transformToUniAndConcatenate(upload -> discard(upload.objectKey(), upload.uploadId()))
                        .collect()
                        .last()
                        .map(ignored -> expired.size()));
    }

    /** Storage's part: aborts the multipart upload {@code uploadId} names, if any, then deletes the object. */
    private Uni<Void> discard(String objectKey, String uploadId) {
        Uni<Void> abort =
                uploadId == null ? Uni.createFrom().voidItem() : storage.abortMultipartUpload(objectKey, uploadId);
        return abort.chain(() -> storage.delete(objectKey));
    }

    private static Asset newAsset(
            TeamContext team,
            UUID id,
            AssetTypes.Resolved typeAndKind,
            String key,
            String fileName,
            String contentType,
            Long size,
            UUID workflowId) {
        Instant now = Ids.now();
        Asset asset = new Asset();
        asset.id = id;
        asset.teamId = team.teamId();
        asset.createdBy = team.caller().actor();
        asset.type = typeAndKind.type();
        asset.kind = typeAndKind.kind();
        asset.state = AssetState.PENDING_UPLOAD;
        asset.objectKey = key;
        asset.fileName = fileName;
        asset.contentType = contentType;
        asset.declaredSize = size;
        asset.workflowId = workflowId;
        asset.createdAt = now;
        asset.updatedAt = now;
        return asset;
    }
}
