package dev.signet.asset.multipart;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.asset.multipart.MultipartDtos.CompleteMultipart;
import dev.signet.asset.multipart.MultipartDtos.CreateMultipartUpload;
import dev.signet.asset.multipart.MultipartDtos.MultipartUploadResponse;
import dev.signet.asset.multipart.MultipartDtos.SignParts;
import dev.signet.asset.multipart.MultipartDtos.SignedParts;
import dev.signet.asset.multipart.MultipartDtos.StoredParts;
import dev.signet.common.Ids;
import dev.signet.http.ApiExamples;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Large files as S3 multipart uploads, signed part by part: start, sign parts, list stored parts, complete;
 * {@code DELETE /assets/{id}} aborts. Each call maps to one callback of a browser uploader such as
 * {@code @uppy/aws-s3} (README).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Assets")
public class MultipartResource {

    private final MultipartService service;
    private final CurrentCaller current;

    public MultipartResource(MultipartService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(
            operationId = "createMultipartUpload",
            summary = "Create an asset and a multipart upload for a large file",
            description = "For files above 5 GiB (S3's single-PUT limit), and any file that should upload in resumable "
                    + "parts. Signet picks the part size unless `part_size` is given; every part but the last has it.")
    @APIResponse(
            responseCode = "201",
            description = "The pending asset, the upload id, the part size and count",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = MultipartUploadResponse.class),
                            examples = @ExampleObject(name = "video", value = ApiExamples.MULTIPART_RESPONSE)))
    @APIResponse(responseCode = "404", description = "`workflow_id` names no workflow of the team.")
    @APIResponse(
            responseCode = "409",
            description = "The upload would pass the team's storage quota (`quota_exceeded`; the message gives the "
                    + "numbers). Under a byte quota, a missing `file_size` is a 400.")
    @POST
    @Path("/assets/multipart")
    @Access(Permission.USE)
    public Uni<Response> create(@Valid @NotNull(message = "a JSON body is required") CreateMultipartUpload body) {
        return service.create(current.team(), body)
                .map(created -> Response.status(201).entity(created).build());
    }

    @Operation(
            operationId = "signUploadParts",
            summary = "Presigned PUT URLs for parts of a multipart upload",
            description = "Each URL signs its part's exact size (and declared SHA-256): storage answers 403 to another "
                    + "size and 400 BadDigest to other bytes. Up to 1,000 parts per call; a part may be signed again.")
    @APIResponse(
            responseCode = "200",
            description = "One URL per part, in the order asked",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SignedParts.class)))
    @APIResponse(responseCode = "404", description = "No such asset in the team.")
    @APIResponse(
            responseCode = "409",
            description = "Not a multipart upload (`not_multipart`), no longer pending "
                    + "(`invalid_state`), or out of time (`upload_expired`).")
    @POST
    @Path("/assets/{id}/multipart/parts")
    @Access(Permission.USE)
    public Uni<SignedParts> sign(
            @RestPath String id, @Valid @NotNull(message = "a JSON body is required") SignParts body) {
        UUID assetId = Ids.parse("id", id);
        return service.sign(current.team(), assetId, body);
    }

    @Operation(operationId = "listUploadParts", summary = "The parts storage holds, to resume a multipart upload")
    @APIResponse(
            responseCode = "200",
            description = "The plan and the parts stored",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = StoredParts.class)))
    @APIResponse(responseCode = "404", description = "No such asset in the team.")
    @APIResponse(
            responseCode = "409",
            description = "Not a multipart upload (`not_multipart`) or no longer pending " + "(`invalid_state`).")
    @GET
    @Path("/assets/{id}/multipart/parts")
    @Access(Permission.USE)
    public Uni<StoredParts> list(@RestPath String id) {
        UUID assetId = Ids.parse("id", id);
        return service.list(current.team(), assetId);
    }

    @Operation(
            operationId = "completeMultipartUpload",
            summary = "Complete a multipart upload: the asset becomes ready",
            description =
                    "Lists every part with the ETag storage answered its PUT with (and its SHA-256 when the upload "
                            + "declares them). Storage joins the parts; Signet checks the object as a confirm does. Idempotent: "
                            + "completing a ready asset answers it unchanged.")
    @APIResponse(
            responseCode = "200",
            description = "The asset, now ready",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssetSummary.class)))
    @APIResponse(responseCode = "404", description = "No such asset in the team.")
    @APIResponse(
            responseCode = "409",
            description = "A part is not in storage or differs (`upload_incomplete`; still "
                    + "pending), the object is not what was declared (`upload_mismatch`; failed, object deleted), storage no "
                    + "longer knows the upload (`upload_gone`; failed), not a multipart upload (`not_multipart`) or no longer "
                    + "pending (`invalid_state`).")
    @POST
    @Path("/assets/{id}/multipart/complete")
    @Access(Permission.USE)
    public Uni<AssetSummary> complete(
            @RestPath String id, @Valid @NotNull(message = "a JSON body is required") CompleteMultipart body) {
        UUID assetId = Ids.parse("id", id);
        return service.complete(current.team(), assetId, body);
    }
}
