package dev.signet.download;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** Bodies of the download endpoints (references 000 and 001; snake_case). */
public final class DownloadDtos {

    private DownloadDtos() {}

    /** Reference 000. */
    public record SignedUrlRequest(
            @NotNull String objectPath, @Nullable Integer expiresIn) {}

    public record SignedUrlResponse(String objectPath, String signedUrl, int expiresIn) {}

    /** Reference 001. */
    public record WorkflowDownloadRequest(@NotNull String resourceUri) {}

    /** Reference 004 for SDKs ({@code redirect=false}): where the 302 would have sent the caller. */
    public record DownloadLink(String url, Instant expiresAt) {}

    public record WorkflowDownloadResponse(
            String downloadUrl,
            Instant downloadExpiresAt,
            String resourceUri,
            String filename,
            String toolTraceId,
            String workflowId) {}
}
