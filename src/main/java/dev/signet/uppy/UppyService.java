package dev.signet.uppy;

import dev.signet.access.TeamContext;
import dev.signet.asset.AssetDtos.CreateUploadUrl;
import dev.signet.asset.AssetKind;
import dev.signet.asset.AssetService;
import dev.signet.asset.UploadLifecycle;
import dev.signet.asset.multipart.MultipartDtos;
import dev.signet.asset.multipart.MultipartDtos.CreateMultipartUpload;
import dev.signet.asset.multipart.MultipartDtos.SignParts;
import dev.signet.asset.multipart.MultipartService;
import dev.signet.asset.multipart.PartPlan;
import dev.signet.common.Ids;
import dev.signet.common.WireEnum;
import dev.signet.error.ApiException;
import dev.signet.uppy.UppyDtos.UppyCompleteMultipart;
import dev.signet.uppy.UppyDtos.UppyCompleted;
import dev.signet.uppy.UppyDtos.UppyCreateMultipart;
import dev.signet.uppy.UppyDtos.UppyCreatedMultipart;
import dev.signet.uppy.UppyDtos.UppySignedBatch;
import dev.signet.uppy.UppyDtos.UppySignedPart;
import dev.signet.uppy.UppyDtos.UppyStoredPart;
import dev.signet.uppy.UppyDtos.UppyUploadParams;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Companion's S3 routes as adapters over the asset calls: {@code /s3/params} is an upload URL, the multipart routes
 * are {@link MultipartService}'s start, sign, list and complete, abort is the asset's delete. Uppy names an upload by
 * storage's upload id and the object key; both must belong to one asset of the caller's team.
 */
@ApplicationScoped
public class UppyService {

    /** Uppy's own rule for a part's size when the page sets no {@code getChunkSize} (S3Uploader). */
    static long uppyPartSize(long fileSize) {
        return Math.max(PartPlan.MIN_PART_SIZE, (fileSize + PartPlan.MAX_PARTS - 1) / PartPlan.MAX_PARTS);
    }

    private final AssetService assets;
    private final MultipartService multipart;
    private final UploadLifecycle lifecycle;
    private final UppyConfig config;

    public UppyService(AssetService assets, MultipartService multipart, UploadLifecycle lifecycle, UppyConfig config) {
        this.assets = assets;
        this.multipart = multipart;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    /** {@code GET /s3/params}: a pending asset and its presigned PUT. */
    public Uni<UppyUploadParams> params(TeamContext team, String filename, String type, Map<String, String> metadata) {
        Meta meta = meta(new LinkedHashMap<>(metadata));
        CreateUploadUrl request = new CreateUploadUrl(
                meta.assetType, blankToNull(type), filename, meta.fileSize, meta.workflowId, meta.kind, null);
        return assets.createUploadUrl(team, request, UploadLifecycle.Settlement.ON_ARRIVAL)
                .map(created -> new UppyUploadParams(
                        created.upload().method(),
                        created.upload().url(),
                        Map.of(),
                        created.upload().headers(),
                        secondsUntil(created.upload().expiresAt()),
                        created.asset().objectKey(),
                        created.asset()));
    }

    /** {@code POST /s3/multipart}: cut as Uppy cuts by default, so each signed part has the length Uppy sends. */
    public Uni<UppyCreatedMultipart> create(TeamContext team, UppyCreateMultipart body) {
        Meta meta = meta(body.metadata() == null ? Map.of() : body.metadata());
        if (meta.fileSize == null) {
            throw ApiException.invalidField(
                    "metadata.file_size",
                    "is required for a multipart upload (Uppy sends no file size: put `file_size` in the file's meta)");
        }
        CreateMultipartUpload request = new CreateMultipartUpload(
                meta.assetType,
                blankToNull(body.type()),
                body.filename(),
                meta.fileSize,
                meta.fileSize > 0 ? uppyPartSize(meta.fileSize) : null,
                meta.workflowId,
                meta.kind,
                null);
        return multipart
                .create(team, request)
                .map(created -> new UppyCreatedMultipart(
                        created.asset().objectKey(), created.multipart().uploadId(), created.asset()));
    }

    public Uni<UppySignedPart> signPart(TeamContext team, String uploadId, String key, String partNumber) {
        int number = partNumber("partNumber", partNumber);
        return lifecycle
                .findUpload(team, uploadId, requireKey(key))
                .chain(id -> multipart.sign(team, id, new SignParts(List.of(number), null, uploadId)))
                .map(signed -> {
                    MultipartDtos.SignedPart part = signed.parts().get(0);
                    return new UppySignedPart(part.url(), secondsUntil(part.expiresAt()), part.headers());
                });
    }

    public Uni<UppySignedBatch> signBatch(TeamContext team, String uploadId, String key, String partNumbers) {
        if (partNumbers == null || partNumbers.isBlank()) {
            throw ApiException.invalidField("partNumbers", "is required: part numbers separated by commas");
        }
        String[] words = partNumbers.split(",", -1);
        if (words.length > PartPlan.MAX_PARTS_PER_CALL) {
            throw ApiException.invalidField(
                    "partNumbers", "must list at most " + PartPlan.MAX_PARTS_PER_CALL + " part numbers");
        }
        List<Integer> numbers = new ArrayList<>(words.length);
        for (String word : words) {
            numbers.add(partNumber("partNumbers", word.strip()));
        }
        return lifecycle
                .findUpload(team, uploadId, requireKey(key))
                .chain(id -> multipart.sign(team, id, new SignParts(numbers, null, uploadId)))
                .map(signed -> {
                    Map<String, String> urls = new LinkedHashMap<>();
                    signed.parts().forEach(part -> urls.put(Integer.toString(part.partNumber()), part.url()));
                    return new UppySignedBatch(urls);
                });
    }

    public Uni<List<UppyStoredPart>> list(TeamContext team, String uploadId, String key) {
        return lifecycle
                .findUpload(team, uploadId, requireKey(key))
                .chain(id -> multipart.list(team, id))
                .map(stored -> stored.parts().stream()
                        .map(p -> new UppyStoredPart(p.partNumber(), p.etag(), p.size()))
                        .toList());
    }

    /** Completes through {@link MultipartService#complete}: the asset is ready (or refused) when this answers. */
    public Uni<UppyCompleted> complete(TeamContext team, String uploadId, String key, UppyCompleteMultipart body) {
        if (body == null || body.parts() == null) {
            throw ApiException.invalidField("parts", "is required");
        }
        List<MultipartDtos.CompletedPart> parts = body.parts().stream()
                .map(p -> p == null
                        ? new MultipartDtos.CompletedPart(null, null, null)
                        : new MultipartDtos.CompletedPart(p.partNumber(), p.etag(), null))
                .toList();
        return lifecycle
                .findUpload(team, uploadId, requireKey(key))
                .chain(id -> multipart.complete(team, id, new MultipartDtos.CompleteMultipart(parts, uploadId)))
                .map(asset -> new UppyCompleted("/api/v1/assets/" + asset.id(), asset.objectKey(), asset));
    }

    /** Abort is the asset's delete, which also aborts storage's multipart upload. */
    public Uni<Void> abort(TeamContext team, String uploadId, String key) {
        return lifecycle.findUpload(team, uploadId, requireKey(key)).chain(id -> assets.delete(team, id));
    }

    // --- Uppy's meta ------------------------------------------------------------------------------------------------

    private record Meta(String assetType, AssetKind kind, UUID workflowId, Long fileSize) {}

    private Meta meta(Map<String, ?> metadata) {
        String assetType = text(metadata, "asset_type");
        String kind = text(metadata, "kind");
        String workflow = text(metadata, "workflow_id");
        String size = text(metadata, "file_size");
        AssetKind assetKind = config.defaultKind().orElse(null);
        if (kind != null) {
            assetKind = WireEnum.fromWire(AssetKind.class, kind);
            if (assetKind == null) {
                throw ApiException.invalidField("metadata.kind", "must be one of " + WireEnum.choices(AssetKind.class));
            }
        }
        Long fileSize = null;
        if (size != null) {
            try {
                fileSize = Long.parseLong(size);
            } catch (NumberFormatException e) {
                throw ApiException.invalidField("metadata.file_size", "must be a whole number of bytes");
            }
            if (fileSize <= 0) {
                throw ApiException.invalidField("metadata.file_size", "must be positive");
            }
        }
        return new Meta(
                assetType == null ? config.defaultType() : assetType,
                assetKind,
                workflow == null
                        ? config.defaultWorkflowId().orElse(null)
                        : Ids.parse("metadata.workflow_id", workflow),
                fileSize);
    }

    /** A meta field as text: Uppy's meta values are strings or numbers (JSON), or strings (query). */
    private static String text(Map<String, ?> metadata, String name) {
        Object value = metadata.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw ApiException.invalidField("metadata." + name, "must be a string or a number");
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private static String requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw ApiException.invalidField("key", "is required: the object key Signet answered when the upload began");
        }
        return key;
    }

    private static int partNumber(String field, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= PartPlan.MAX_PARTS) {
                return number;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw ApiException.invalidField(field, "must be part numbers from 1 to " + PartPlan.MAX_PARTS);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static long secondsUntil(Instant instant) {
        return Math.max(0, Duration.between(Instant.now(), instant).toSeconds());
    }
}
