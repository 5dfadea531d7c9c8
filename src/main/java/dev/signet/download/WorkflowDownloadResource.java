package dev.signet.download;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.download.DownloadDtos.WorkflowDownloadRequest;
import dev.signet.download.DownloadDtos.WorkflowDownloadResponse;
import dev.signet.http.ApiExamples;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reference 001: {@code POST /api/v1/workflows/download-url}, a download URL for a {@code workflow://} resource. */
@Path("/api/v1/workflows/download-url")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Workflows", description = "Workflows and their files' download URLs.")
public class WorkflowDownloadResource {

    private final DownloadService downloads;
    private final CurrentCaller current;

    public WorkflowDownloadResource(DownloadService downloads, CurrentCaller current) {
        this.downloads = downloads;
        this.current = current;
    }

    @Operation(
            operationId = "createWorkflowDownloadUrl",
            summary = "Download URL for a workflow:// resource (reference 001)")
    @APIResponse(
            responseCode = "200",
            description = "A presigned download URL",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = WorkflowDownloadResponse.class),
                            examples =
                                    @ExampleObject(name = "reference", value = ApiExamples.WORKFLOW_DOWNLOAD_RESPONSE)))
    @APIResponse(
            responseCode = "403",
            description = "Access denied to the workflow (reference 001; also for one that " + "does not exist).")
    @APIResponse(responseCode = "404", description = "No resource at that URI (reference 001).")
    @APIResponse(
            responseCode = "409",
            description = "The asset waits for its malware scan (`asset_scanning`, with `Retry-After`); a quarantined "
                    + "asset is not found.")
    /** Reference 001: a download URL for {@code workflow://{id}/{uploads|artifacts}/{file}} ({@code dk-} keys too). */
    @POST
    @Access(Permission.DOWNLOAD)
    public Uni<WorkflowDownloadResponse> downloadUrl(
            @Valid @NotNull(message = "a JSON body is required") WorkflowDownloadRequest body) {
        return downloads.workflowDownload(current.team(), body.resourceUri());
    }
}
