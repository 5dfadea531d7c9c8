package dev.signet.workflow;

import dev.signet.common.Name;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class WorkflowDtos {

    private WorkflowDtos() {}

    public record CreateWorkflow(@Name(max = 200) String name) {}

    /**
     * A workflow. {@code artifact_prefix} is where workers with storage access put its artifacts:
     * {@code workflow://{id}/artifacts/{file}} looks there first.
     */
    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record WorkflowView(UUID id, String name, Instant createdAt, String artifactPrefix) {}

    public record WorkflowList(List<WorkflowView> items) {}
}
