package dev.signet.download;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Bodies of the download endpoints (references 000 and 001; snake_case). */
public final class DownloadDtos {

    private DownloadDtos() {
    }

    /** Reference 000. */
    public record SignedUrlRequest(
            @NotNull String objectPath,
            @Min(value = 1, message = "must be between 1 and 604800") @Max(value = 604800, message = "must be between 1 and 604800") Integer expiresIn) {
    }

    public record SignedUrlResponse(String objectPath, String signedUrl, int expiresIn) {
    }

    /** Reference 001. */
    public record WorkflowDownloadRequest(@NotNull String resourceUri) {
    }

    public record WorkflowDownloadResponse(String downloadUrl, Instant downloadExpiresAt, String resourceUri,
            String filename, String toolTraceId, String workflowId) {
    }
}
