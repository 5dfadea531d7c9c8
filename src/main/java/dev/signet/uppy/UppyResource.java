package dev.signet.uppy;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Companion's S3 signing routes, which {@code @uppy/aws-s3} calls given only a URL (docs/browser.md has the table of
 * shapes). Each route is one call of {@link UppyService}, itself the asset calls. The credential is the
 * {@code Authorization} header (5.x's {@code headers}); {@link UppyKeyedResource} serves the same routes with an upload
 * key in the path instead (6.x, which sends no header).
 */
@Path("/api/v1/uppy/s3")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Uppy", description = "Companion's S3 routes, for @uppy/aws-s3 configured by URL.")
public class UppyResource {

    private static final String META_PREFIX = "metadata[";

    private final UppyService service;
    private final CurrentCaller current;

    public UppyResource(UppyService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(
            operationId = "uppyUploadParams",
            summary = "Companion's GET /s3/params: a pending asset and an S3 POST policy for a whole file",
            description = "Query: `filename`, `type` (media type), `metadata[asset_type]`, `metadata[workflow_id]`, "
                    + "`metadata[kind]`, `metadata[file_size]`; other metadata is ignored.")
    @APIResponse(
            responseCode = "200",
            description = "`method` POST, `url` (the bucket), `fields` to send before the file (a multipart/form-data "
                    + "POST), `expires`, `key`, the asset")
    @APIResponse(responseCode = "404", description = "`metadata[workflow_id]` names no workflow of the team.")
    @GET
    @Path("/params")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppyUploadParams> params(@RestQuery String filename, @RestQuery String type, @Context UriInfo uri) {
        return service.params(current.team(), filename, type, metadata(uri));
    }

    /** Uppy's {@code metadata[<field>]} query parameters, by field. */
    static Map<String, String> metadata(UriInfo uri) {
        Map<String, String> metadata = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (name.startsWith(META_PREFIX) && name.endsWith("]") && !values.isEmpty()) {
                metadata.put(name.substring(META_PREFIX.length(), name.length() - 1), values.get(0));
            }
        });
        return metadata;
    }

    @Operation(
            operationId = "uppyCreateMultipart",
            summary = "Companion's POST /s3/multipart: a pending asset and its multipart upload",
            description = "Parts are cut as Uppy cuts them by default: max(5 MiB, size / 10,000). `metadata.file_size` "
                    + "is required.")
    @APIResponse(responseCode = "200", description = "`key` (Signet's object key), `uploadId`, the asset")
    @APIResponse(responseCode = "404", description = "`metadata.workflow_id` names no workflow of the team.")
    @POST
    @Path("/multipart")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppyCreatedMultipart> create(@NotNull(message = "a JSON body is required") UppyCreateMultipart body) {
        return service.create(current.team(), body);
    }

    @Operation(operationId = "uppySignPartBatch", summary = "Companion's batch signing: presigned PUTs by part number")
    @APIResponse(responseCode = "200", description = "`presignedUrls`: part number to URL")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @GET
    @Path("/multipart/{uploadId}/batch")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppySignedBatch> batch(@RestPath String uploadId, @RestQuery String key, @RestQuery String partNumbers) {
        return service.signBatch(current.team(), uploadId, key, partNumbers);
    }

    @Operation(operationId = "uppySignPart", summary = "Companion's part signing: one presigned PUT")
    @APIResponse(responseCode = "200", description = "`url`, `expires` (seconds), `headers`")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @GET
    @Path("/multipart/{uploadId}/{partNumber}")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppySignedPart> sign(@RestPath String uploadId, @RestPath String partNumber, @RestQuery String key) {
        return service.signPart(current.team(), uploadId, key, partNumber);
    }

    @Operation(operationId = "uppyListParts", summary = "Companion's list of the parts storage holds")
    @APIResponse(responseCode = "200", description = "`[{PartNumber, ETag, Size}]`")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @GET
    @Path("/multipart/{uploadId}")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<List<UppyStoredPart>> list(@RestPath String uploadId, @RestQuery String key) {
        return service.list(current.team(), uploadId, key);
    }

    @Operation(
            operationId = "uppyCompleteMultipart",
            summary = "Companion's completion: storage joins the parts, the asset becomes ready")
    @APIResponse(responseCode = "200", description = "`location` (the asset's path), `key`, the asset")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @APIResponse(responseCode = "409", description = "As `POST /assets/{id}/multipart/complete`.")
    @POST
    @Path("/multipart/{uploadId}/complete")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<UppyCompleted> complete(
            @RestPath String uploadId,
            @RestQuery String key,
            @NotNull(message = "a JSON body is required") UppyCompleteMultipart body) {
        return service.complete(current.team(), uploadId, key, body);
    }

    @Operation(operationId = "uppyAbortMultipart", summary = "Companion's abort: the asset is deleted")
    @APIResponse(responseCode = "200", description = "`{}`")
    @APIResponse(responseCode = "404", description = "No upload of the team with this id and key.")
    @DELETE
    @Path("/multipart/{uploadId}")
    @Access(Permission.UPLOAD_VIA_UPPY)
    public Uni<Map<String, Object>> abort(@RestPath String uploadId, @RestQuery String key) {
        return service.abort(current.team(), uploadId, key).replaceWith(Map.of());
    }
}
