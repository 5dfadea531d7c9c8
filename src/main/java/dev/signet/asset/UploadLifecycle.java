package dev.signet.asset;

import dev.signet.access.TeamContext;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.common.Ids;
import dev.signet.error.ErrorCode;
import dev.signet.http.StorageInputs;
import dev.signet.quota.QuotaRefusal;
import dev.signet.storage.ObjectKeys;
import dev.signet.storage.StorageService;
import dev.signet.storage.StorageService.StoredObject;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

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

    private final AssetRepository assets;
    private final ReadyObjects readyObjects;
    private final StorageService storage;
    private final UploadPolicy policy;

    public UploadLifecycle(
            AssetRepository assets, ReadyObjects readyObjects, StorageService storage, UploadPolicy policy) {
        this.assets = assets;
        this.readyObjects = readyObjects;
        this.storage = storage;
        this.policy = policy;
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

    // --- settle -------------------------------------------------------------------------------------------------

    /**
     * Settles a pending asset against its stored object: another size, type or SHA-256 than declared fails it
     * (object deleted, 409); otherwise it becomes ready with what storage reported (its SHA-256 where storage
     * reports one, else the declared one, which storage enforced). {@code expectedSha256}: what storage must report
     * (for a multipart upload, the composite of the parts' SHA-256s), or null. An asset a concurrent call settled
     * otherwise is a 409 naming its state.
     */
    public Uni<AssetSummary> settle(TeamContext team, Asset asset, StoredObject object, String expectedSha256) {
        String mismatch = policy.mismatch(asset, object, expectedSha256);
        String checksum = object.checksumSha256() != null ? object.checksumSha256() : expectedSha256;
        Instant now = Ids.now();
        if (mismatch != null) {
            return storage.delete(asset.objectKey)
                    .chain(() -> markFailed(asset.id, now))
                    .chain(() -> Uni.createFrom().failure(ErrorCode.UPLOAD_MISMATCH.exception(mismatch)));
        }
        return markReady(team, asset.id, object, checksum, now).map(current -> {
            if (current.state != AssetState.READY) {
                throw ErrorCode.INVALID_STATE.exception(current.state);
            }
            return AssetSummary.of(current);
        });
    }

    /** A pending upload whose bytes never became an object (storage lost or aborted it) fails. */
    public Uni<Void> failPending(Asset asset) {
        return markFailed(asset.id, Ids.now());
    }

    /** Ready with what storage reported, then the row as it now is (this call's change, or a concurrent one's). */
    @WithTransaction
    Uni<Asset> markReady(TeamContext team, UUID id, StoredObject object, String checksum, Instant now) {
        return assets.markReady(id, object.size(), object.etag(), checksum, now).chain(() -> find(team, id));
    }

    @WithTransaction
    Uni<Void> markFailed(UUID id, Instant now) {
        return assets.markState(id, AssetState.PENDING_UPLOAD, AssetState.FAILED, now)
                .replaceWithVoid();
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
