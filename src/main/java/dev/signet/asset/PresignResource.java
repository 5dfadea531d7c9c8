package dev.signet.asset;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.asset.AssetDtos.PresignRequest;
import dev.signet.asset.AssetDtos.PresignResponse;
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

/** Reference 003: {@code POST /api/v1/r/files/presign}, a presigned upload of a workflow input. */
@Path("/api/v1/r/files/presign")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Assets", description = "Uploads: asset rows with presigned PUT URLs.")
public class PresignResource {

    private final AssetService service;
    private final CurrentCaller current;

    public PresignResource(AssetService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(
            operationId = "presignFile",
            summary = "Presigned upload of a workflow input, exact size and no overwrite (reference 003)")
    @APIResponse(
            responseCode = "200",
            description = "Presigned upload URL generated",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = PresignResponse.class),
                            examples = @ExampleObject(name = "reference", value = ApiExamples.PRESIGN_RESPONSE)))
    @APIResponse(
            responseCode = "409",
            description = "The upload would pass the team's storage quota (`quota_exceeded`; the message gives the "
                    + "numbers).")
    /** Reference 003: a presigned upload for a workflow input. */
    @POST
    @Access(Permission.USE)
    public Uni<PresignResponse> presign(@Valid @NotNull(message = "a JSON body is required") PresignRequest body) {
        return service.presignInput(current.team(), body);
    }
}
