package dev.signet.asset.multipart;

import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.asset.AssetKind;
import dev.signet.asset.ChecksumAlgorithm;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the multipart endpoints (snake_case). */
public final class MultipartDtos {

    private MultipartDtos() {}

    /** {@code POST /assets/multipart}: the upload-url body, with the total size required. */
    public record CreateMultipartUpload(
            @NotBlank @Size(max = 64) String type,
            @Nullable String contentType,
            @Nullable String fileName,

            @Schema(
                    description = "Total size in bytes (required here): at most `signet.storage.max-file-size` "
                            + "(up to S3's 5 TiB)",
                    example = "21474836480")
            @NotNull(message = "is required for a multipart upload")
            @Positive
            Long fileSize,

            @Schema(
                    description = "Bytes per part, 5 MiB to 5 GiB, at most 10,000 parts; default: the smallest "
                            + "whole number of MiB that keeps to 10,000 parts, at least 16 MiB",
                    example = "16777216")
            @Nullable
            Long partSize,

            @Nullable UUID workflowId,
            @Nullable AssetKind kind,

            @Schema(
                    description = "`sha256`: every part URL signs the part's SHA-256 (given when signing), storage "
                            + "refuses other bytes, and the object gets the composite checksum")
            @Nullable
            ChecksumAlgorithm checksumAlgorithm) {}

    /** How the file is cut and until when parts may be sent. */
    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record MultipartTarget(
            @Schema(description = "Storage's id of the multipart upload")
            String uploadId,

            @Schema(description = "Bytes of every part but the last")
            long partSize,

            @Schema(description = "Parts 1 to part_count; the last has the rest of file_size")
            int partCount,

            @Nullable ChecksumAlgorithm checksumAlgorithm,

            @Schema(
                    description = "Parts may be signed and the upload completed until then; after it the upload "
                            + "is aborted")
            Instant expiresAt) {}

    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record MultipartUploadResponse(AssetSummary asset, MultipartTarget multipart) {}

    /** {@code POST /assets/{id}/multipart/parts}: which parts to sign. */
    public record SignParts(
            @Schema(
                    description = "Part numbers, 1 to part_count, each once; at most 1,000 per call",
                    example = "[1, 2, 3]")
            @NotNull(message = "is required")
            List<Integer> partNumbers,

            @Schema(
                    description = "Base64 SHA-256 of each part, by part number: required for every listed part when "
                            + "the upload was started with checksum_algorithm `sha256`, refused otherwise",
                    example = "{\"1\": \"n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=\"}")
            @Nullable
            Map<String, String> checksumsSha256,

            @Schema(
                    description = "When given, must be this asset's upload id (a guard against mixing uploads up; "
                            + "the asset in the path is what names the upload)")
            @Nullable
            String uploadId) {}

    /** One part's presigned PUT: send exactly {@code size} bytes with {@code headers}. */
    public record SignedPart(
            int partNumber,

            @Schema(description = "The exact number of bytes to send (signed as Content-Length)")
            long size,

            String url,

            @Schema(
                    description = "Headers to send as given (signed); Content-Length is signed but not listed: "
                            + "every HTTP client sets it from the body")
            Map<String, String> headers,

            Instant expiresAt) {}

    public record SignedParts(UUID assetId, String uploadId, List<SignedPart> parts) {}

    /** A part storage holds. */
    public record StoredPart(int partNumber, String etag, long size) {}

    /** {@code GET /assets/{id}/multipart/parts}: what storage holds, to resume after a crash. */
    public record StoredParts(
            UUID assetId,
            String uploadId,
            long partSize,
            int partCount,
            @Nullable ChecksumAlgorithm checksumAlgorithm,
            Instant expiresAt,

            @Schema(description = "The parts storage holds, by part number; parts not listed are still to send")
            List<StoredPart> parts) {}

    /** One part of a completion. */
    public record CompletedPart(
            Integer partNumber,

            @Schema(description = "The ETag storage answered the part's PUT with (quotes optional)")
            String etag,

            @Schema(
                    description = "The part's base64 SHA-256: required when the upload declares checksums, refused "
                            + "otherwise")
            @Nullable
            String checksumSha256) {}

    /** {@code POST /assets/{id}/multipart/complete}: every part, in order. */
    public record CompleteMultipart(
            @Schema(description = "Every part, 1 to part_count, in ascending order, each once")
            @NotNull(message = "is required")
            List<CompletedPart> parts,

            @Schema(description = "When given, must be this asset's upload id") @Nullable
            String uploadId) {}
}
