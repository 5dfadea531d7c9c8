package dev.signet.workflow;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class WorkflowRepository implements PanacheRepositoryBase<Workflow, UUID> {

    public Uni<Boolean> existsInTeam(UUID id, UUID teamId) {
        return count("id = ?1 and teamId = ?2", id, teamId).map(n -> n > 0);
    }

    public Uni<List<Workflow>> listForTeam(UUID teamId) {
        return list("teamId = ?1 order by createdAt desc, id desc", teamId);
    }
}
