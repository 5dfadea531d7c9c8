package dev.signet.asset;

import dev.signet.access.TeamContext;
import dev.signet.asset.AssetDtos.AssetPage;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.asset.AssetDtos.CreateUploadUrl;
import dev.signet.asset.AssetDtos.PresignRequest;
import dev.signet.asset.AssetDtos.PresignResponse;
import dev.signet.asset.AssetDtos.UploadFormResponse;
import dev.signet.asset.AssetDtos.UploadTarget;
import dev.signet.asset.AssetDtos.UploadUrlResponse;
import dev.signet.asset.UploadLifecycle.Settlement;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.http.Page;
import dev.signet.ops.SignetMetrics;
import dev.signet.storage.StorageService;
import dev.signet.storage.StorageService.UploadUrl;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The asset API over the {@link UploadLifecycle}: uploads in one presigned PUT (reference 002's upload URL and
 * confirm, reference 003's presign), the reads, the write-back, delete.
 */
@ApplicationScoped
public class AssetService {

    private final UploadLifecycle lifecycle;
    private final AssetRepository assets;
    private final StorageService storage;
    private final UploadPolicy policy;
    private final SignetMetrics metrics;

    public AssetService(
            UploadLifecycle lifecycle,
            AssetRepository assets,
            StorageService storage,
            UploadPolicy policy,
            SignetMetrics metrics) {
        this.lifecycle = lifecycle;
        this.assets = assets;
        this.storage = storage;
        this.policy = policy;
        this.metrics = metrics;
    }

    /** Reference 002: an asset row in {@code pending_upload} and a presigned PUT for its bytes. */
    public Uni<UploadUrlResponse> createUploadUrl(TeamContext team, CreateUploadUrl request) {
        Asset asset = newSingleUpload(team, request);
        String checksum = UploadPolicy.requireSha256("checksum_sha256", request.checksumSha256());
        asset.checksumSha256 = checksum;
        return recordPending(
                        asset, storage.presignUpload(asset.objectKey, asset.contentType, request.fileSize(), checksum))
                .map(upload -> new UploadUrlResponse(
                        AssetSummary.of(asset),
                        new UploadTarget("PUT", upload.url(), upload.headers(), upload.expiresAt())));
    }

    /** The asset of a one-request upload, checked as reference 002 asks (its size within a single PUT's). */
    private Asset newSingleUpload(TeamContext team, CreateUploadUrl request) {
        Asset asset = lifecycle.newUpload(
                team,
                request.type(),
                request.kind(),
                request.contentType(),
                request.fileName(),
                request.fileSize(),
                request.workflowId());
        policy.requireSinglePut("file_size", request.fileSize());
        return asset;
    }

    /**
     * The pending asset of {@link #createUploadUrl} (the same checks, the same quota rule: {@code file_size} required
     * under a byte quota), its bytes to be sent as an S3 POST policy form, for browsers' form uploads (Uppy's
     * {@code /s3/params}, issue 23): key and content type exact, the size exact when declared, else at most
     * {@link UploadPolicy#largestSingleUpload()}; the policy lives as long as an upload URL.
     */
    public Uni<UploadFormResponse> createUploadForm(TeamContext team, CreateUploadUrl request) {
        Asset asset = newSingleUpload(team, request);
        // a form upload has no call after it: the asset settles when its object appears
        lifecycle.settledBy(asset, Settlement.ON_ARRIVAL);
        long size = request.fileSize() == null ? -1 : request.fileSize();
        StorageService.UploadForm form = storage.presignPost(
                asset.objectKey,
                asset.contentType,
                size < 0 ? 0 : size,
                size < 0 ? policy.largestSingleUpload() : size);
        asset.uploadExpiresAt = form.expiresAt();
        return lifecycle
                .createPending(asset)
                .map(created ->
                        new UploadFormResponse(AssetSummary.of(asset), form.url(), form.fields(), form.expiresAt()));
    }

    /** Reference 003: a presigned PUT for a workflow input of exactly {@code file_size} bytes. */
    public Uni<PresignResponse> presignInput(TeamContext team, PresignRequest request) {
        Asset asset = lifecycle.newWorkflowInput(team, request.fileName(), request.contentType(), request.fileSize());
        return recordPending(asset, storage.presignExactUpload(asset.objectKey, request.fileSize()))
                .map(upload -> new PresignResponse(asset.objectKey, upload.url(), upload.headers()));
    }

    /** Records the pending row with its upload URL's expiry (one INSERT), then answers the URL. */
    private Uni<UploadUrl> recordPending(Asset asset, UploadUrl upload) {
        asset.uploadExpiresAt = upload.expiresAt();
        return lifecycle.createPending(asset).replaceWith(upload);
    }

    /**
     * Checks the uploaded object against what was declared: missing → 409 (still pending); another size or
     * type → the asset fails, the object is deleted, 409; otherwise ready. Confirming a ready asset again
     * returns it unchanged.
     */
    public Uni<AssetSummary> confirm(TeamContext team, UUID id) {
        return confirmOnce(team, id)
                .invoke(() -> metrics.confirmed("ready"))
                .onFailure(ApiException.class)
                .invoke(e -> metrics.confirmed(((ApiException) e).code()));
    }

    private Uni<AssetSummary> confirmOnce(TeamContext team, UUID id) {
        return lifecycle.find(team, id).chain(asset -> {
            // settled already (ready, or scanning behind the gate): answered as it is
            if (asset.state == AssetState.READY || asset.state == AssetState.SCANNING) {
                return Uni.createFrom().item(AssetSummary.of(asset));
            }
            if (asset.state != AssetState.PENDING_UPLOAD) {
                return Uni.createFrom().failure(ErrorCode.INVALID_STATE.exception(asset.state));
            }
            if (asset.uploadId != null) {
                return Uni.createFrom().failure(ErrorCode.IS_MULTIPART.exception(asset.id));
            }
            return storage.headWithChecksum(asset.objectKey)
                    .chain(stored -> stored.map(object -> lifecycle.settle(team, asset, object, asset.checksumSha256))
                            .orElseGet(() -> Uni.createFrom().failure(ErrorCode.UPLOAD_MISSING.exception())));
        });
    }

    public Uni<AssetSummary> get(TeamContext team, UUID id) {
        return lifecycle.find(team, id).map(AssetSummary::of);
    }

    @WithSession
    public Uni<AssetPage> list(TeamContext team, AssetRepository.Filter filter, Page page) {
        UUID before = page.after(UUID::fromString);
        return assets.page(team.teamId(), filter, before, page.rowsToRead()).map(rows -> {
            Page.Slice<Asset> slice = page.slice(rows, asset -> asset.id);
            return new AssetPage(slice.items().stream().map(AssetSummary::of).toList(), slice.next());
        });
    }

    /** {@link UploadLifecycle#delete}: also aborts an unfinished multipart upload. */
    public Uni<Void> delete(TeamContext team, UUID id) {
        return lifecycle.delete(team, id);
    }

    /**
     * Reference 002's write-back: a worker sets {@code duration_seconds} and {@code metadata} of a pending or ready
     * asset. A real change emits {@code asset.updated} (the event trigger, in the UPDATE's transaction); the same
     * values again change nothing. Answers the asset as stored: read in a session of its own after the UPDATE (which
     * runs on the plain client), not from the first read's session, which would answer the entity it already holds.
     */
    public Uni<AssetSummary> writeBack(TeamContext team, UUID id, WriteBack change) {
        return lifecycle
                .find(team, id)
                .chain(asset -> {
                    if (asset.state != AssetState.PENDING_UPLOAD && asset.state != AssetState.READY) {
                        return Uni.createFrom().failure(ErrorCode.ASSET_NOT_WRITABLE.exception(asset.state));
                    }
                    return assets.writeBack(id, team.teamId(), change);
                })
                .chain(changed -> lifecycle.find(team, id))
                .map(AssetSummary::of);
    }
}
