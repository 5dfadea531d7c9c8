package dev.signet.workflow;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestHeader;

import dev.signet.download.DownloadDtos.WorkflowDownloadRequest;
import dev.signet.download.DownloadDtos.WorkflowDownloadResponse;
import dev.signet.download.DownloadService;
import dev.signet.team.TeamAccess;
import dev.signet.workflow.WorkflowDtos.CreateWorkflow;
import dev.signet.workflow.WorkflowDtos.WorkflowList;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/workflows")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WorkflowResource {

    private final WorkflowService service;
    private final DownloadService downloads;
    private final TeamAccess access;
    private final SecurityIdentity identity;

    public WorkflowResource(WorkflowService service, DownloadService downloads, TeamAccess access,
            SecurityIdentity identity) {
        this.service = service;
        this.downloads = downloads;
        this.access = access;
        this.identity = identity;
    }

    @POST
    public Uni<Response> create(@RestHeader(TeamAccess.TEAM_HEADER) String teamId,
            @Valid @NotNull(message = "a JSON body is required") CreateWorkflow body) {
        return access.fromHeader(identity, teamId)
                .chain(team -> service.create(team, body.name()))
                .map(w -> Response.created(URI.create("/api/v1/workflows/" + w.id())).entity(w).build());
    }

    /** Reference 001: a download URL for {@code workflow://{id}/{uploads|artifacts}/{file}} ({@code dk-} keys too). */
    @POST
    @Path("/download-url")
    public Uni<WorkflowDownloadResponse> downloadUrl(@RestHeader(TeamAccess.TEAM_HEADER) String teamId,
            @Valid @NotNull(message = "a JSON body is required") WorkflowDownloadRequest body) {
        return access.fromHeader(identity, teamId).chain(team -> downloads.workflowDownload(team, body.resourceUri()));
    }

    @GET
    public Uni<WorkflowList> list(@RestHeader(TeamAccess.TEAM_HEADER) String teamId) {
        return access.fromHeader(identity, teamId).chain(service::list).map(WorkflowList::new);
    }
}
