package dev.signet.asset;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The scanner's side of the scanning gate on the wire (issue 21). */
public final class ScanDtos {

    private ScanDtos() {}

    /** {@code POST /assets/{id}/scan-url}: a short-lived GET for the scanner alone. */
    public record ScanUrl(UUID assetId, String method, String url, Instant expiresAt) {}

    /** {@code POST /assets/{id}/verdict}. */
    public record VerdictRequest(
            @NotNull(message = "is required: clean or infected") @Schema(enumeration = {"clean", "infected"})
            String verdict,

            @Nullable
            @Size(max = 1000, message = "must be at most 1000 characters")
            @Schema(description = "What the scanner found, e.g. the signature's name", nullable = true)
            String detail) {}
}
