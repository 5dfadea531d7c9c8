package dev.signet.download;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.download.DownloadDtos.SignedUrlRequest;
import dev.signet.download.DownloadDtos.SignedUrlResponse;
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

/** Reference 000: a signed GET URL for an object in the caller's team namespace ({@code sk-} and {@code dk-} keys too). */
@Path("/api/v1/inference/assets/signed-url")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Downloads", description = "Signed GET URLs for stored objects.")
public class SignedUrlResource {

    private final DownloadService service;
    private final CurrentCaller current;

    public SignedUrlResource(DownloadService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(
            operationId = "createSignedUrl",
            summary = "Signed URL for an object of the caller's team (reference 000)")
    @APIResponse(
            responseCode = "200",
            description = "A signed GET URL",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = SignedUrlResponse.class),
                            examples = @ExampleObject(name = "reference", value = ApiExamples.SIGNED_URL_RESPONSE)))
    @APIResponse(responseCode = "404", description = "No object at that path in the team's storage.")
    @APIResponse(
            responseCode = "409",
            description = "The asset waits for its malware scan (`asset_scanning`, with `Retry-After`); a quarantined "
                    + "asset is not found.")
    @POST
    @Access(Permission.DOWNLOAD)
    public Uni<SignedUrlResponse> sign(@Valid @NotNull(message = "a JSON body is required") SignedUrlRequest body) {
        return service.signedUrl(current.team(), body.objectPath(), body.expiresIn());
    }
}
