package dev.signet.workflow;

import dev.signet.access.TeamContext;
import dev.signet.common.Ids;
import dev.signet.storage.ObjectKeys;
import dev.signet.workflow.WorkflowDtos.WorkflowView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class WorkflowService {

    private final WorkflowRepository workflows;

    public WorkflowService(WorkflowRepository workflows) {
        this.workflows = workflows;
    }

    @WithTransaction
    public Uni<WorkflowView> create(TeamContext team, String name) {
        Workflow workflow = new Workflow();
        workflow.id = Ids.newId();
        workflow.teamId = team.teamId();
        workflow.name = name.strip();
        workflow.createdBy = team.caller().actor();
        workflow.createdAt = Ids.now();
        return workflows.persist(workflow).map(WorkflowService::view);
    }

    @WithSession
    public Uni<List<WorkflowView>> list(TeamContext team) {
        return workflows
                .listForTeam(team.teamId())
                .map(list -> list.stream().map(WorkflowService::view).toList());
    }

    static WorkflowView view(Workflow w) {
        return new WorkflowView(w.id, w.name, w.createdAt, ObjectKeys.artifactPrefix(w.teamId, w.id));
    }
}
