package dev.signet.asset;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.signet.error.ApiException;
import dev.signet.storage.ContentTypes;
import dev.signet.storage.ObjectKeys;
import dev.signet.storage.StorageConfig;
import dev.signet.storage.StorageService.StoredObject;

/**
 * What may be uploaded: the size limit, the allowed content types, the asset type a content type implies,
 * and whether a stored object is what was declared. One place for these rules, with the configuration
 * they read ({@code signet.storage.max-file-size}, {@code .allowed-content-types}, {@code signet.assets.types}).
 */
@ApplicationScoped
public class UploadPolicy {

    /** Reference 002 makes {@code content_type} optional. */
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

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

    /** Why the stored object is not what the asset declared, or null when it is. */
    public String mismatch(Asset asset, StoredObject object) {
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
}
