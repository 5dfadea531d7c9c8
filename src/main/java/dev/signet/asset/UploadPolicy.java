package dev.signet.asset;

import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.storage.ObjectKeys;
import dev.signet.storage.StorageConfig;
import dev.signet.storage.StorageService.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What may be uploaded: the size limit, the allowed content types, the asset type a content type implies,
 * and whether a stored object is what was declared. One place for these rules, with the configuration
 * they read ({@code signet.storage.max-file-size}, {@code .allowed-content-types}, {@code signet.assets.types}).
 */
@ApplicationScoped
public class UploadPolicy {

    /** Reference 002 makes {@code content_type} optional. */
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    /** S3's limit for one PUT: larger files go up in parts. */
    public static final long MAX_SINGLE_PUT = 5L << 30;

    /** The longest content type taken. */
    static final int MAX_CONTENT_TYPE_LENGTH = 255;

    private static final int SHA256_BYTES = 32;

    private static final String TOKEN = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}";

    /** A well-formed media type: RFC 6838 names, optional parameters. */
    private static final Pattern MEDIA_TYPE =
            Pattern.compile(TOKEN + "/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"[^\"\\p{Cntrl}]*\"))*");

    private final StorageConfig storage;
    private final AssetTypes types;

    public UploadPolicy(StorageConfig storage, AssetTypes types) {
        this.storage = storage;
        this.types = types;
    }

    /**
     * A declared content type, well-formed and allowed ({@code signet.storage.allowed-content-types}, with
     * {@code type/*} wildcards; absent allows any); the default when none is given and {@code optional}.
     */
    public String contentType(String field, String declared, boolean optional) {
        if (declared == null && optional) {
            return DEFAULT_CONTENT_TYPE;
        }
        if (declared == null || declared.isBlank()) {
            throw ApiException.invalidField(field, "must not be blank");
        }
        if (declared.length() > MAX_CONTENT_TYPE_LENGTH) {
            throw ApiException.invalidField(field, "must be at most " + MAX_CONTENT_TYPE_LENGTH + " characters");
        }
        if (!MEDIA_TYPE.matcher(declared).matches()) {
            throw ApiException.invalidField(field, "must be a media type such as image/png");
        }
        List<String> allowed = storage.allowedContentTypes().orElse(null);
        if (allowed != null && allowed.stream().noneMatch(pattern -> allows(pattern, declared))) {
            throw ApiException.invalidField(field, "'" + essence(declared) + "' is not an allowed content type");
        }
        return declared;
    }

    /** {@code type/subtype} in lower case, without parameters. */
    static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    /** Whether an allowlist entry ({@code type/subtype} or {@code type/*}) takes the content type. */
    private static boolean allows(String pattern, String contentType) {
        String type = essence(contentType);
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        return p.endsWith("/*") ? type.startsWith(p.substring(0, p.length() - 1)) : type.equals(p);
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

    /** The largest file one request may carry: the configured limit, at most S3's 5 GiB for one PUT or POST. */
    public long largestSingleUpload() {
        return Math.min(storage.maxFileSize(), MAX_SINGLE_PUT);
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
        String major = essence(contentType).split("/")[0].toLowerCase(Locale.ROOT);
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
        String stored = object.contentType() == null ? "" : essence(object.contentType());
        // reference 003 signs no content type (its key records it): the object's own type is not checked
        if (!ObjectKeys.isWorkflowInput(asset.objectKey) && !stored.equals(essence(asset.contentType))) {
            return "The uploaded object's content type is '" + stored + "', not the declared '"
                    + essence(asset.contentType) + "'.";
        }
        return null;
    }
}
