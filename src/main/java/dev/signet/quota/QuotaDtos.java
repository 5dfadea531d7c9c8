package dev.signet.quota;

import dev.signet.common.WireEnum;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.Nullable;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the quota endpoints (snake_case on the wire). */
public final class QuotaDtos {

    private QuotaDtos() {}

    /** Whose quota applies: the team's own, or the configured default ({@code signet.quotas.*}). */
    public enum QuotaSource implements WireEnum {
        TEAM,
        DEFAULT
    }

    /**
     * A team's quota and what it holds against it. A new upload is refused when used + reserved + its size would
     * pass a quota.
     */
    @RegisterForReflection
    public record QuotaView(
            UUID teamId,

            @Nullable @Schema(description = "Bytes the team may hold (ready plus reserved); null: unlimited")
            Long quotaBytes,

            @Nullable @Schema(description = "Files the team may hold (ready plus pending); null: unlimited")
            Long quotaFiles,

            @Schema(description = "`team`: the team's own quota; `default`: the configured default")
            QuotaSource source,

            @Schema(description = "Bytes of the team's ready assets")
            long usedBytes,

            @Schema(description = "The team's ready assets") long usedFiles,

            @Schema(description = "Bytes the team's pending uploads declared (and may still write)")
            long reservedBytes,

            @Schema(description = "The team's pending uploads")
            long reservedFiles) {}

    /** Documents the body of {@code PUT /teams/{teamId}/quota}, which is read as a JSON tree ({@link QuotaChange}). */
    public record SetQuota(
            @Schema(
                    description = "Bytes the team may hold, a non-negative integer; null: unlimited. The key is "
                            + "required.",
                    nullable = true,
                    minimum = "0")
            Long quotaBytes,

            @Schema(
                    description = "Files the team may hold, a non-negative integer; null: unlimited. The key is "
                            + "required.",
                    nullable = true,
                    minimum = "0")
            Long quotaFiles) {}
}
