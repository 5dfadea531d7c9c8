package dev.signet.asset;

import dev.signet.access.TeamContext;
import dev.signet.asset.AssetDtos.AssetPage;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.asset.AssetDtos.CreateUploadUrl;
import dev.signet.asset.AssetDtos.PresignRequest;
import dev.signet.asset.AssetDtos.PresignResponse;
import dev.signet.asset.AssetDtos.UploadTarget;
import dev.signet.asset.AssetDtos.UploadUrlResponse;
import dev.signet.common.Ids;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.ops.SignetMetrics;
import dev.signet.storage.ObjectKeys;
import dev.signet.storage.StorageService;
import dev.signet.storage.StorageService.StoredObject;
import dev.signet.storage.StorageService.UploadUrl;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** The asset lifecycle: upload URL → pending_upload → confirm → ready (or failed), delete. */
@ApplicationScoped
public class AssetService {

    public static final int MAX_PAGE = 200;

    private final AssetRepository assets;
    private final PendingAssetWriter pending;
    private final ReadyObjects readyObjects;
    private final StorageService storage;
    private final UploadPolicy policy;
    private final SignetMetrics metrics;

    public AssetService(
            AssetRepository assets,
            PendingAssetWriter pending,
            ReadyObjects readyObjects,
            StorageService storage,
            UploadPolicy policy,
            SignetMetrics metrics) {
        this.assets = assets;
        this.pending = pending;
        this.readyObjects = readyObjects;
        this.storage = storage;
        this.policy = policy;
        this.metrics = metrics;
    }

    /** Reference 002: an asset row in {@code pending_upload} and a presigned PUT for its bytes. */
    public Uni<UploadUrlResponse> createUploadUrl(TeamContext team, CreateUploadUrl request) {
        Asset asset = newUpload(
                team,
                request.type(),
                request.kind(),
                request.contentType(),
                request.fileName(),
                request.fileSize(),
                request.workflowId());
        policy.requireSinglePut("file_size", request.fileSize());
        String checksum = UploadPolicy.requireSha256("checksum_sha256", request.checksumSha256());
        asset.checksumSha256 = checksum;
        return recordPending(
                        asset, storage.presignUpload(asset.objectKey, asset.contentType, request.fileSize(), checksum))
                .onFailure(PendingAssetWriter.WorkflowNotInTeam.class)
                .transform(e -> ErrorCode.WORKFLOW_NOT_FOUND.exception())
                .map(upload -> new UploadUrlResponse(
                        AssetSummary.of(asset),
                        new UploadTarget("PUT", upload.url(), upload.headers(), upload.expiresAt())));
    }

    /** Reference 003: a presigned PUT for a workflow input of exactly {@code file_size} bytes. */
    public Uni<PresignResponse> presignInput(TeamContext team, PresignRequest request) {
        String fileName = ObjectKeys.requireFileName("file_name", request.fileName());
        String contentType = policy.contentType("content_type", request.contentType(), false);
        policy.requireSinglePut("file_size", request.fileSize());
        UUID id = Ids.newId();
        String key = ObjectKeys.workflowInputKey(team.teamId(), id, contentType, fileName);
        Asset asset = newAsset(
                team,
                id,
                new AssetTypes.Resolved(policy.typeOf(contentType), AssetKind.INPUT),
                key,
                fileName,
                contentType,
                request.fileSize(),
                null);
        return recordPending(asset, storage.presignExactUpload(key, request.fileSize()))
                .map(upload -> new PresignResponse(key, upload.url(), upload.headers()));
    }

    /** Records the pending row with its upload URL's expiry (one INSERT), then answers the URL. */
    private Uni<UploadUrl> recordPending(Asset asset, UploadUrl upload) {
        asset.uploadExpiresAt = upload.expiresAt();
        return pending.insert(asset).replaceWith(upload);
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
        return Panache.withSession(() -> find(team, id)).chain(asset -> {
            if (asset.state == AssetState.READY) {
                return Uni.createFrom().item(AssetSummary.of(asset));
            }
            if (asset.state != AssetState.PENDING_UPLOAD) {
                return Uni.createFrom().failure(ErrorCode.INVALID_STATE.exception(asset.state));
            }
            if (asset.uploadId != null) {
                return Uni.createFrom().failure(ErrorCode.IS_MULTIPART.exception(asset.id));
            }
            return storage.headWithChecksum(asset.objectKey)
                    .chain(stored -> stored.map(object -> settle(team, asset, object, asset.checksumSha256))
                            .orElseGet(() -> Uni.createFrom().failure(ErrorCode.UPLOAD_MISSING.exception())));
        });
    }

    /**
     * Settles a pending asset against its stored object: another size, type or SHA-256 than declared fails it
     * (object deleted, 409); otherwise it becomes ready with what storage reported (its SHA-256 where storage
     * reports one, else the declared one, which storage enforced). {@code expectedSha256}: what storage must report
     * (for a multipart upload, the composite of the parts' SHA-256s), or null.
     */
    Uni<AssetSummary> settle(TeamContext team, Asset asset, StoredObject object, String expectedSha256) {
        String mismatch = policy.mismatch(asset, object, expectedSha256);
        String checksum = object.checksumSha256() != null ? object.checksumSha256() : expectedSha256;
        Instant now = Ids.now();
        if (mismatch != null) {
            return storage.delete(asset.objectKey)
                    .chain(() -> Panache.withTransaction(
                            () -> assets.markState(asset.id, AssetState.PENDING_UPLOAD, AssetState.FAILED, now)))
                    .chain(() -> Uni.createFrom().failure(ErrorCode.UPLOAD_MISMATCH.exception(mismatch)));
        }
        return Panache.withTransaction(() -> assets.markReady(asset.id, object.size(), object.etag(), checksum, now)
                        .chain(() -> find(team, asset.id)))
                .map(current -> {
                    if (current.state != AssetState.READY) {
                        throw ErrorCode.INVALID_STATE.exception(current.state);
                    }
                    return AssetSummary.of(current);
                });
    }

    public Uni<AssetSummary> get(TeamContext team, UUID id) {
        return Panache.withSession(() -> find(team, id)).map(AssetSummary::of);
    }

    public Uni<AssetPage> list(TeamContext team, AssetRepository.Filter filter, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.invalidField("limit", "must be between 1 and " + MAX_PAGE);
        }
        UUID before = cursor == null || cursor.isEmpty() ? null : decodeCursor(cursor);
        return Panache.withSession(() -> assets.page(team.teamId(), filter, before, limit + 1))
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<Asset> page = more ? rows.subList(0, limit) : rows;
                    String next = more ? encodeCursor(page.get(page.size() - 1).id) : null;
                    return new AssetPage(page.stream().map(AssetSummary::of).toList(), next);
                });
    }

    /**
     * Deletes the object (aborting an unfinished multipart upload first, so storage drops its parts), then marks
     * the row deleted; deleting a deleted asset again is harmless.
     */
    public Uni<Void> delete(TeamContext team, UUID id) {
        return Panache.withSession(() -> find(team, id)).chain(asset -> {
            if (asset.state == AssetState.DELETED) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> abort = asset.uploadId != null && asset.state == AssetState.PENDING_UPLOAD
                    ? storage.abortMultipartUpload(asset.objectKey, asset.uploadId)
                    : Uni.createFrom().voidItem();
            return abort.chain(() -> storage.delete(asset.objectKey))
                    .chain(() -> Panache.withTransaction(
                            () -> assets.markState(asset.id, asset.state, AssetState.DELETED, Ids.now())))
                    .call(() -> readyObjects.forget(asset.objectKey))
                    .replaceWithVoid();
        });
    }

    /**
     * Reference 002's write-back: a worker sets {@code duration_seconds} and {@code metadata} of a pending or ready
     * asset. A real change emits {@code asset.updated} (the event trigger, in the UPDATE's transaction); the same
     * values again change nothing. Answers the asset as stored.
     */
    public Uni<AssetSummary> writeBack(TeamContext team, UUID id, WriteBack change) {
        return Panache.withSession(() -> find(team, id))
                .chain(asset -> {
                    if (asset.state != AssetState.PENDING_UPLOAD && asset.state != AssetState.READY) {
                        return Uni.createFrom().failure(ErrorCode.ASSET_NOT_WRITABLE.exception(asset.state));
                    }
                    return assets.writeBack(id, team.teamId(), change);
                })
                .chain(changed -> Panache.withSession(() -> find(team, id)))
                .map(AssetSummary::of);
    }

    /** The team's asset, or 404: another team's asset does not exist for this caller. */
    Uni<Asset> find(TeamContext team, UUID id) {
        return assets.findInTeam(id, team.teamId()).map(asset -> {
            if (asset == null) {
                throw ErrorCode.ASSET_NOT_FOUND.exception();
            }
            return asset;
        });
    }

    /**
     * A new pending asset of the reference-002 shape (upload URL and multipart): type and kind, content type (the
     * default when none), file name and its object key, all checked; not yet stored.
     */
    Asset newUpload(
            TeamContext team,
            String type,
            AssetKind kind,
            String declaredContentType,
            String declaredFileName,
            Long size,
            UUID workflowId) {
        AssetTypes.Resolved typeAndKind = policy.typeAndKind(type, kind);
        String contentType = policy.contentType("content_type", declaredContentType, true);
        String fileName = declaredFileName == null ? null : ObjectKeys.requireFileName("file_name", declaredFileName);
        UUID id = Ids.newId();
        String key = ObjectKeys.assetKey(team.teamId(), typeAndKind.kind().wire(), id, fileName);
        return newAsset(team, id, typeAndKind, key, fileName, contentType, size, workflowId);
    }

    private Asset newAsset(
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

    static String encodeCursor(UUID id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(id.toString().getBytes(StandardCharsets.UTF_8));
    }

    static UUID decodeCursor(String cursor) {
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("cursor", "is not a cursor this API returned");
        }
    }
}
