package dev.signet.uppy;

import dev.signet.access.Access;
import dev.signet.access.Permission;
import dev.signet.uppy.UppyDtos.UppyCompleteMultipart;
import dev.signet.uppy.UppyDtos.UppyCompleted;
import dev.signet.uppy.UppyDtos.UppyCreateMultipart;
import dev.signet.uppy.UppyDtos.UppyCreatedMultipart;
import dev.signet.uppy.UppyDtos.UppySignedBatch;
import dev.signet.uppy.UppyDtos.UppySignedPart;
import dev.signet.uppy.UppyDtos.UppyStoredPart;
import dev.signet.uppy.UppyDtos.UppyUploadParams;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@link UppyResource}'s routes again, with the credential in the path: {@code @uppy/aws-s3} 6.x is configured with
 * {@code companionEndpoint: 'https://…/api/v1/uppy/uk-…'} and sends no header at all. Only an upload ({@code uk-}) key
 * is taken there; {@code access/BearerAuthenticationMechanism} reads it from the path, so {@code key} is not read here.
 * Each method is the header route's method.
 */
@Path("/api/v1/uppy/{key}/s3")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Uppy")
public class UppyKeyedResource {

    private static final String KEY =
            "An upload (`uk-`) API key of the team; any other credential here is refused (401 key_not_allowed_in_url).";

    private final UppyResource routes;

    public UppyKeyedResource(UppyResource routes) {
        this.routes = routes;
    }

    @Operation(
            operationId = "uppyUploadParamsByKey",
            summary = "GET /api/v1/uppy/s3/params, the upload key in the path")
    @APIResponse(responseCode = "200", description = "As `GET /api/v1/uppy/s3/params`.")
    @APIResponse(responseCode = "404", description = "`metadata[workflow_id]` names no workflow of the team.")
    @GET
    @Path("/params")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppyUploadParams> params(
            @Parameter(description = KEY) @RestPath String key,
            @RestQuery String filename,
            @RestQuery String type,
            @Context UriInfo uri) {
        return routes.params(filename, type, uri);
    }

    @Operation(
            operationId = "uppyCreateMultipartByKey",
            summary = "POST /api/v1/uppy/s3/multipart, the upload key in the path")
    @APIResponse(responseCode = "200", description = "As `POST /api/v1/uppy/s3/multipart`.")
    @APIResponse(responseCode = "404", description = "`metadata.workflow_id` names no workflow of the team.")
    @POST
    @Path("/multipart")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppyCreatedMultipart> create(
            @Parameter(description = KEY) @RestPath String key,
            @NotNull(message = "a JSON body is required") UppyCreateMultipart body) {
        return routes.create(body);
    }

    @Operation(
            operationId = "uppySignPartBatchByKey",
            summary = "Companion's batch signing, the upload key in the path")
    @APIResponse(responseCode = "200", description = "`presignedUrls`: part number to URL")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @GET
    @Path("/multipart/{uploadId}/batch")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppySignedBatch> batch(
            @Parameter(description = KEY) @RestPath String key,
            @RestPath String uploadId,
            @RestQuery("key") String objectKey,
            @RestQuery String partNumbers) {
        return routes.batch(uploadId, objectKey, partNumbers);
    }

    @Operation(operationId = "uppySignPartByKey", summary = "Companion's part signing, the upload key in the path")
    @APIResponse(responseCode = "200", description = "`url`, `expires` (seconds), `headers`")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @GET
    @Path("/multipart/{uploadId}/{partNumber}")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppySignedPart> sign(
            @Parameter(description = KEY) @RestPath String key,
            @RestPath String uploadId,
            @RestPath String partNumber,
            @RestQuery("key") String objectKey) {
        return routes.sign(uploadId, partNumber, objectKey);
    }

    @Operation(operationId = "uppyListPartsByKey", summary = "Companion's list of parts, the upload key in the path")
    @APIResponse(responseCode = "200", description = "`[{PartNumber, ETag, Size}]`")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @GET
    @Path("/multipart/{uploadId}")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<List<UppyStoredPart>> list(
            @Parameter(description = KEY) @RestPath String key,
            @RestPath String uploadId,
            @RestQuery("key") String objectKey) {
        return routes.list(uploadId, objectKey);
    }

    @Operation(
            operationId = "uppyCompleteMultipartByKey",
            summary = "Companion's completion, the upload key in the path")
    @APIResponse(responseCode = "200", description = "`location` (the asset's path), `key`, the asset")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @APIResponse(responseCode = "409", description = "As `POST /assets/{id}/multipart/complete`.")
    @POST
    @Path("/multipart/{uploadId}/complete")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppyCompleted> complete(
            @Parameter(description = KEY) @RestPath String key,
            @RestPath String uploadId,
            @RestQuery("key") String objectKey,
            @NotNull(message = "a JSON body is required") UppyCompleteMultipart body) {
        return routes.complete(uploadId, objectKey, body);
    }

    @Operation(operationId = "uppyAbortMultipartByKey", summary = "Companion's abort, the upload key in the path")
    @APIResponse(responseCode = "200", description = "`{}`")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @DELETE
    @Path("/multipart/{uploadId}")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<Map<String, Object>> abort(
            @Parameter(description = KEY) @RestPath String key,
            @RestPath String uploadId,
            @RestQuery("key") String objectKey) {
        return routes.abort(uploadId, objectKey);
    }
}
