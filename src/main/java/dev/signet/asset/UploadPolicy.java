package dev.signet.asset;

import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.storage.ContentTypes;
import dev.signet.storage.ObjectKeys;
import dev.signet.storage.StorageConfig;
import dev.signet.storage.StorageService.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;

/**
 * What may be uploaded: the size limit, the allowed content types, the asset type a content type implies,
 * and whether a stored object is what was declared. One place for these rules, with the configuration
 * they read ({@code signet.storage.max-file-size}, {@code .allowed-content-types}, {@code signet.assets.types}).
 * <p>
 * And how a file is cut into parts: S3 takes at most 5 GiB in one PUT; a multipart upload has 1 to 10,000 parts of
 * 5 MiB to 5 GiB each, except the last, which has the rest and may be smaller; an object has at most 5 TiB.
 */
@ApplicationScoped
public class UploadPolicy {

    /** Reference 002 makes {@code content_type} optional. */
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    static final long MIB = 1L << 20;
    /** S3's limit for one PUT: larger files go up in parts. */
    public static final long MAX_SINGLE_PUT = 5L << 30;

    public static final long MIN_PART_SIZE = 5 * MIB;
    public static final long MAX_PART_SIZE = 5L << 30;
    public static final int MAX_PARTS = 10_000;
    /** The smallest part size Signet chooses itself: fewer, larger requests than S3's 5 MiB minimum. */
    static final long DEFAULT_PART_SIZE_FLOOR = 16 * MIB;
    /** Part URLs one signing call may ask for (a 10,000-part upload takes ten calls). */
    public static final int MAX_PARTS_PER_CALL = 1000;

    private static final int SHA256_BYTES = 32;

    /**
     * How a file of {@code fileSize} bytes is cut: parts 1 to {@code partCount - 1} have {@code partSize} bytes and
     * the last has the rest (a file no larger than one part is a single part of its own size).
     */
    public record PartPlan(long fileSize, long partSize, int partCount) {

        /** The exact size of part {@code partNumber} (1-based). */
        public long sizeOf(int partNumber) {
            return partNumber < partCount ? partSize : fileSize - (partCount - 1) * partSize;
        }

        public static PartPlan of(long fileSize, long partSize) {
            return new PartPlan(fileSize, partSize, (int) ceilDiv(fileSize, partSize));
        }
    }

    private final StorageConfig storage;
    private final AssetTypes types;

    public UploadPolicy(StorageConfig storage, AssetTypes types) {
        this.storage = storage;
        this.types = types;
    }

    /** A declared content type, well-formed and allowed; the default when none is given and {@code optional}. */
    public String contentType(String field, String declared, boolean optional) {
        if (declared == null && optional) {
            return DEFAULT_CONTENT_TYPE;
        }
        return ContentTypes.require(field, declared, allowed());
    }

    /** A declared size (null: unknown) within the limit. */
    public void requireSize(String field, Long size) {
        if (size != null && size > storage.maxFileSize()) {
            throw ApiException.invalidField(field, "must be at most " + storage.maxFileSize() + " bytes");
        }
    }

    /**
     * A size for one presigned PUT: within the limit, and at most S3's 5 GiB; above that the refusal points to
     * the multipart endpoints.
     */
    public void requireSinglePut(String field, Long size) {
        requireSize(field, size);
        if (size != null && size > MAX_SINGLE_PUT) {
            throw ErrorCode.USE_MULTIPART.exception(field, size);
        }
    }

    /**
     * How a multipart upload of {@code fileSize} bytes (required, within the limit) is cut. Signet's choice, when
     * {@code requestedPartSize} is null: the smallest whole number of MiB that keeps to 10,000 parts, and at least
     * 16 MiB. A requested part size must be 5 MiB to 5 GiB and make at most 10,000 parts.
     */
    public PartPlan partPlan(Long fileSize, Long requestedPartSize) {
        if (fileSize == null) {
            throw ApiException.invalidField("file_size", "is required for a multipart upload");
        }
        requireSize("file_size", fileSize);
        long smallest = ceilDiv(fileSize, MAX_PARTS);
        if (requestedPartSize == null) {
            return PartPlan.of(fileSize, Math.max(DEFAULT_PART_SIZE_FLOOR, ceilDiv(smallest, MIB) * MIB));
        }
        if (requestedPartSize < MIN_PART_SIZE || requestedPartSize > MAX_PART_SIZE) {
            throw ApiException.invalidField(
                    "part_size",
                    "must be between " + MIN_PART_SIZE + " (5 MiB) and " + MAX_PART_SIZE + " (5 GiB) bytes");
        }
        if (requestedPartSize < smallest) {
            throw ApiException.invalidField(
                    "part_size",
                    requestedPartSize + "-byte parts would cut " + fileSize
                            + " bytes into " + ceilDiv(fileSize, requestedPartSize) + " parts, more than S3's "
                            + MAX_PARTS
                            + ": use at least " + Math.max(smallest, MIN_PART_SIZE) + " bytes");
        }
        return PartPlan.of(fileSize, requestedPartSize);
    }

    /** A declared SHA-256: base64 of 32 bytes, padded, as S3 takes it in {@code x-amz-checksum-sha256}. */
    public static String requireSha256(String field, String value) {
        if (value == null) {
            return null;
        }
        byte[] digest;
        try {
            digest = java.util.Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            digest = null;
        }
        if (digest == null || digest.length != SHA256_BYTES || value.length() != 44) {
            throw ApiException.invalidField(field, "must be the base64 (padded, 44 characters) of a SHA-256 digest");
        }
        return value;
    }

    /** The type and kind of a reference-002 upload ({@link AssetTypes}). */
    public AssetTypes.Resolved typeAndKind(String type, AssetKind kind) {
        return types.resolve(type, kind);
    }

    /** The asset type a workflow input (reference 003) gets from its content type. */
    public String typeOf(String contentType) {
        String major = ContentTypes.essence(contentType).split("/")[0].toLowerCase(Locale.ROOT);
        return switch (major) {
            case "image", "video", "audio" -> types.isKnown(major) ? major : "data";
            default -> "data";
        };
    }

    /**
     * Why the stored object is not what the asset declared, or null when it is; {@code expectedSha256} is the
     * SHA-256 the object must report when storage reports one (for a multipart upload the composite of the parts'
     * declared SHA-256s).
     */
    public String mismatch(Asset asset, StoredObject object, String expectedSha256) {
        if (expectedSha256 != null
                && object.checksumSha256() != null
                && !expectedSha256.equals(object.checksumSha256())) {
            return "Storage reports the SHA-256 " + object.checksumSha256() + ", not the declared " + expectedSha256
                    + ".";
        }
        if (asset.declaredSize != null && object.size() != asset.declaredSize) {
            return "The uploaded object has " + object.size() + " bytes, not the declared " + asset.declaredSize + ".";
        }
        if (object.size() > storage.maxFileSize()) {
            return "The uploaded object has " + object.size() + " bytes, more than the limit of "
                    + storage.maxFileSize() + ".";
        }
        String stored = object.contentType() == null ? "" : ContentTypes.essence(object.contentType());
        // reference 003 signs no content type (its key records it): the object's own type is not checked
        if (!ObjectKeys.isWorkflowInput(asset.objectKey) && !stored.equals(ContentTypes.essence(asset.contentType))) {
            return "The uploaded object's content type is '" + stored + "', not the declared '"
                    + ContentTypes.essence(asset.contentType) + "'.";
        }
        return null;
    }

    private List<String> allowed() {
        return storage.allowedContentTypes().orElse(null);
    }

    static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
