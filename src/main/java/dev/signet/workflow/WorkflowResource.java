package dev.signet.workflow;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.workflow.WorkflowDtos.CreateWorkflow;
import dev.signet.workflow.WorkflowDtos.WorkflowList;
import dev.signet.workflow.WorkflowDtos.WorkflowView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/workflows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Workflows", description = "Workflows and their files' download URLs.")
public class WorkflowResource {

    private final WorkflowService service;
    private final CurrentCaller current;

    public WorkflowResource(WorkflowService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(operationId = "createWorkflow", summary = "Create a workflow")
    @APIResponse(
            responseCode = "201",
            description = "The workflow",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WorkflowView.class)))
    @POST
    @Access(Permission.USE)
    public Uni<Response> create(@Valid @NotNull(message = "a JSON body is required") CreateWorkflow body) {
        return service.create(current.team(), body.name())
                .map(w -> Response.created(URI.create("/api/v1/workflows/" + w.id()))
                        .entity(w)
                        .build());
    }

    @Operation(operationId = "listWorkflows", summary = "List the team's workflows")
    @GET
    @Access(Permission.USE)
    public Uni<WorkflowList> list() {
        return service.list(current.team()).map(WorkflowList::new);
    }
}
