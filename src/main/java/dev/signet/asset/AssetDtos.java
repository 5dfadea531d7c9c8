package dev.signet.asset;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the asset endpoints (references 002 and 003; snake_case). */
public final class AssetDtos {

    private AssetDtos() {}

    /** {@code POST /assets/upload-url}. */
    public record CreateUploadUrl(
            @NotBlank @Size(max = 64) String type,
            @Nullable String contentType,
            @Nullable String fileName,
            @Nullable @Positive Long fileSize,
            @Nullable UUID workflowId,
            @Nullable AssetKind kind,

            @Schema(
                    description = "Base64 SHA-256 of the whole file: signed into the URL as `x-amz-checksum-sha256` "
                            + "and listed in `upload.headers`, so storage refuses other bytes (400 BadDigest)",
                    example = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=")
            @Nullable
            String checksumSha256) {}

    /** The public projection of an asset row (no signed URLs). */
    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record AssetSummary(
            UUID id,
            AssetState state,
            String type,
            AssetKind kind,
            String contentType,
            @Nullable String fileName,
            String objectKey,
            @Nullable Long sizeBytes,
            @Nullable String durationSeconds,
            @Nullable UUID workflowId,
            Instant createdAt,
            Instant updatedAt,

            @Schema(
                    description = "Base64 SHA-256 of the bytes: the one declared (signed into the upload URL, so "
                            + "storage refused other bytes), then the one storage reports; for a multipart upload the "
                            + "composite `<base64>-<parts>` (SHA-256 of the parts' SHA-256s). Null when none was declared "
                            + "and storage reports none.")
            @Nullable
            String checksumSha256,

            @Nullable
            @Schema(type = SchemaType.OBJECT, description = "What workers wrote back (PATCH), or null")
            @JsonRawValue
            String metadata) {

        public static AssetSummary of(Asset a) {
            return new AssetSummary(
                    a.id,
                    a.state,
                    a.type,
                    a.kind,
                    a.contentType,
                    a.fileName,
                    a.objectKey,
                    a.sizeBytes,
                    a.durationSeconds == null ? null : a.durationSeconds.toPlainString(),
                    a.workflowId,
                    a.createdAt,
                    a.updatedAt,
                    a.checksumSha256,
                    a.metadata);
        }
    }

    /**
     * {@code PATCH /assets/{id}}: what a worker writes back. A field left out is left as it is; {@code null}
     * clears it. Read as a JSON tree ({@link WriteBack}), so this record only documents the body.
     */
    public record AssetUpdate(
            @Nullable
            @Schema(
                    description = "Non-negative seconds, a JSON number or a decimal string (e.g. ffprobe's "
                            + "\"324.412000\"); kept to the millisecond (rounded half up); answered as a string",
                    example = "324.412",
                    oneOf = {String.class, java.math.BigDecimal.class})
            Object durationSeconds,

            @Nullable
            @Schema(
                    type = SchemaType.OBJECT,
                    description =
                            "A JSON object of at most 4 KiB (compact UTF-8) and " + "depth 8; replaces what was stored")
            Map<String, Object> metadata) {}

    /** How to push the bytes: send every header in {@code headers}, they are signed into the URL. */
    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record UploadTarget(String method, String url, Map<String, String> headers, Instant expiresAt) {}

    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record UploadUrlResponse(AssetSummary asset, UploadTarget upload) {}

    /** A pending asset and the S3 POST policy form its bytes go up with (Uppy's single files, issue 23). */
    public record UploadFormResponse(AssetSummary asset, String url, Map<String, String> fields, Instant expiresAt) {}

    public record AssetPage(
            List<AssetSummary> items, @Nullable String nextCursor) {}

    /** {@code POST /r/files/presign} (reference 003): every field required. */
    public record PresignRequest(
            @NotNull String fileName,
            @NotNull @Positive Long fileSize,
            @NotNull String contentType) {}

    public record PresignResponse(String fileKey, String uploadUrl, Map<String, String> uploadHeaders) {}
}
