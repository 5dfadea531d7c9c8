package dev.signet.asset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.asset.AssetDtos.AssetPage;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.asset.AssetDtos.AssetUpdate;
import dev.signet.asset.AssetDtos.CreateUploadUrl;
import dev.signet.asset.AssetDtos.UploadUrlResponse;
import dev.signet.common.Ids;
import dev.signet.common.WireEnum;
import dev.signet.error.ApiException;
import dev.signet.http.ApiExamples;
import dev.signet.http.PageQuery;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Assets", description = "Uploads: asset rows with presigned PUT URLs.")
public class AssetResource {

    private final AssetService service;
    private final CurrentCaller current;

    public AssetResource(AssetService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(operationId = "createUploadUrl", summary = "Create an asset and a presigned upload URL (reference 002)")
    @APIResponse(
            responseCode = "201",
            description = "The pending asset and how to upload its bytes",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = UploadUrlResponse.class),
                            examples = @ExampleObject(name = "reference", value = ApiExamples.UPLOAD_URL_RESPONSE)))
    @APIResponse(responseCode = "404", description = "`workflow_id` names no workflow of the team.")
    @APIResponse(
            responseCode = "409",
            description = "The upload would pass the team's storage quota (`quota_exceeded`; the message gives the "
                    + "numbers). Under a byte quota, a missing `file_size` is a 400.")
    @POST
    @Path("/assets/upload-url")
    @Access(Permission.USE)
    public Uni<Response> createUploadUrl(@Valid @NotNull(message = "a JSON body is required") CreateUploadUrl body) {
        return service.createUploadUrl(current.team(), body)
                .map(created -> Response.status(201).entity(created).build());
    }

    @Operation(
            operationId = "confirmUpload",
            summary = "Confirm an upload: checks the stored object and marks the asset ready",
            description = "Idempotent: confirming a ready asset answers it unchanged.")
    @APIResponse(
            responseCode = "200",
            description = "The asset, now ready",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssetSummary.class)))
    @APIResponse(
            responseCode = "409",
            description = "Nothing was uploaded yet (`upload_missing`; still pending), the "
                    + "object is not what was declared (`upload_mismatch`; the asset is now failed and the object deleted), or "
                    + "the asset is no longer pending (`invalid_state`).")
    @POST
    @Path("/assets/{id}/confirm")
    @Access(Permission.USE)
    @Consumes(MediaType.WILDCARD)
    public Uni<AssetSummary> confirm(@RestPath String id) {
        UUID assetId = Ids.parse("id", id);
        return service.confirm(current.team(), assetId);
    }

    @Operation(operationId = "getAsset", summary = "Get an asset")
    @GET
    @Path("/assets/{id}")
    @Access(Permission.USE)
    public Uni<AssetSummary> get(@RestPath String id) {
        UUID assetId = Ids.parse("id", id);
        return service.get(current.team(), assetId);
    }

    @Operation(operationId = "listAssets", summary = "List the team's assets, newest first, by cursor")
    @GET
    @Path("/assets")
    @Access(Permission.USE)
    public Uni<AssetPage> list(
            @Parameter(
                            description = "Only assets in this state (deleted ones are listed only when asked for)",
                            schema = @Schema(implementation = AssetState.class))
                    @RestQuery
                    String state,
            @Parameter(description = "Only assets of this type") @RestQuery String type,
            @Parameter(schema = @Schema(implementation = AssetKind.class)) @RestQuery String kind,
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @RestQuery("workflow_id")
                    String workflowId,
            @BeanParam PageQuery.Items page) {
        var filter = new AssetRepository.Filter(
                oneOf("state", state, AssetState.class),
                type,
                oneOf("kind", kind, AssetKind.class),
                workflowId == null ? null : Ids.parse("workflow_id", workflowId));
        return service.list(current.team(), filter, page.page());
    }

    @Operation(operationId = "deleteAsset", summary = "Delete an asset and its object")
    @APIResponse(responseCode = "204", description = "Deleted")
    @DELETE
    @Path("/assets/{id}")
    @Access(Permission.USE)
    public Uni<Response> delete(@RestPath String id) {
        UUID assetId = Ids.parse("id", id);
        return service.delete(current.team(), assetId)
                .map(ignored -> Response.noContent().build());
    }

    @Operation(
            operationId = "updateAsset",
            summary = "Write back what a worker measured: duration_seconds and metadata (reference 002)",
            description = "For sk- keys, owners and admins. A field left out stays as it is, null clears it. "
                    + "A change emits asset.updated; the same values again change nothing.")
    @APIResponse(
            responseCode = "200",
            description = "The asset as stored",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssetSummary.class)))
    @APIResponse(responseCode = "409", description = "The asset is deleted, failed or expired (`asset_not_writable`).")
    @PATCH
    @Path("/assets/{id}")
    @Access(Permission.WRITE_BACK)
    public Uni<AssetSummary> writeBack(
            @RestPath String id,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = AssetUpdate.class)))
                    JsonNode body) {
        UUID assetId = Ids.parse("id", id);
        WriteBack change = WriteBack.parse(body);
        return service.writeBack(current.team(), assetId, change);
    }

    /** A query parameter naming a value of a closed set, or null when absent. */
    private static <E extends Enum<E> & WireEnum> E oneOf(String field, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        E parsed = WireEnum.fromWire(type, value);
        if (parsed == null) {
            throw ApiException.invalidField(field, "must be one of " + WireEnum.choices(type));
        }
        return parsed;
    }
}
