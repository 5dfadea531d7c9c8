package dev.signet.usage;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
            List<WorkflowUsage> breakdown) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record WorkflowUsage(String workflowId, String workflowName, long bytes, long fileCount) {}
}
