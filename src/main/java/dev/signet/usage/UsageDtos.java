package dev.signet.usage;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.Nullable;
import java.util.List;

/** Reference 004 answers in camelCase, unlike the rest of the API. */
public final class UsageDtos {

    private UsageDtos() {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record StorageUsage(
            String orgKey,
            long totalBytes,
            long inputBytes,
            long outputBytes,
            long fileCount,
            List<WorkflowUsage> breakdown,
            // the team's quota (issue 20), whatever createdBy narrows the figures above to; null: unlimited
            @Nullable Long quotaBytes,
            long reservedBytes,
            @Nullable Long quotaFiles) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record WorkflowUsage(String workflowId, String workflowName, long bytes, long fileCount) {}
}
