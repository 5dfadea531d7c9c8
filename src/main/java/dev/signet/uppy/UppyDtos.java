package dev.signet.uppy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.asset.AssetDtos.AssetSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request and answer shapes of Companion's S3 routes ({@code packages/@uppy/companion/src/server/controllers/s3.ts}),
 * as {@code @uppy/aws-s3} sends and reads them: camelCase and S3's {@code PartNumber}/{@code ETag}, not Signet's
 * snake_case, hence the explicit names.
 */
public final class UppyDtos {

    private UppyDtos() {}

    /** {@code GET /s3/params}: where and how to send a whole file. Uppy 5.x honours {@code method} PUT. */
    @RegisterForReflection
    public record UppyUploadParams(
            String method,
            String url,
            Map<String, String> fields,
            Map<String, String> headers,

            @Schema(description = "Seconds the URL stays valid")
            long expires,

            @Schema(description = "Signet's object key of the new asset")
            String key,

            AssetSummary asset) {}

    /** {@code POST /s3/multipart}: the file Uppy is about to send in parts. */
    public record UppyCreateMultipart(
            @Nullable String filename,

            @Schema(description = "The file's media type (Uppy's `file.type`)") @Nullable
            String type,

            @Schema(
                    description = "The Uppy file's meta: `asset_type`, `workflow_id`, `kind` and `file_size` "
                            + "(required here: Uppy does not send a file's size) are read, the rest ignored")
            @Nullable
            Map<String, Object> metadata) {}

    /** The answer Uppy reads {@code key} and {@code uploadId} from. */
    @RegisterForReflection
    public record UppyCreatedMultipart(
            @JsonProperty("key") String key,
            @JsonProperty("uploadId") String uploadId,
            @JsonProperty("asset") AssetSummary asset) {}

    /** {@code GET /s3/multipart/{uploadId}/{partNumber}}: one part's presigned PUT. */
    public record UppySignedPart(
            String url,

            @Schema(description = "Seconds the URL stays valid")
            long expires,

            Map<String, String> headers) {}

    /** {@code GET /s3/multipart/{uploadId}/batch}: part number to presigned PUT. */
    public record UppySignedBatch(
            @JsonProperty("presignedUrls") Map<String, String> presignedUrls) {}

    /** A part storage holds, as S3's ListParts names it. */
    public record UppyStoredPart(
            @JsonProperty("PartNumber") int partNumber,
            @JsonProperty("ETag") String etag,
            @JsonProperty("Size") long size) {}

    /** One part of {@code POST /s3/multipart/{uploadId}/complete}. */
    public record UppyCompletedPart(
            @JsonProperty("PartNumber") @Nullable Integer partNumber,
            @JsonProperty("ETag") @Nullable String etag) {}

    public record UppyCompleteMultipart(@Nullable List<UppyCompletedPart> parts) {}

    /** The answer Uppy reads {@code location} from: here Signet's asset, which is ready. */
    @RegisterForReflection
    public record UppyCompleted(String location, String key, AssetSummary asset) {}
}
