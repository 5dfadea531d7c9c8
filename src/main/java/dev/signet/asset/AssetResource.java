package dev.signet.asset;

import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import dev.signet.ops.ApiExamples;
import dev.signet.asset.AssetDtos.UploadUrlResponse;

import dev.signet.asset.AssetDtos.AssetPage;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.asset.AssetDtos.CreateUploadUrl;
import dev.signet.asset.AssetDtos.PresignRequest;
import dev.signet.asset.AssetDtos.PresignResponse;
import dev.signet.common.Ids;
import dev.signet.error.ApiException;
import dev.signet.team.TeamAccess;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Assets", description = "Uploads: asset rows with presigned PUT URLs.")
public class AssetResource {

    private static final Set<String> STATES = Set.of(Asset.PENDING_UPLOAD, Asset.READY, Asset.FAILED, Asset.EXPIRED,
            Asset.DELETED);

    private final AssetService service;
    private final TeamAccess access;
    private final SecurityIdentity identity;

    public AssetResource(AssetService service, TeamAccess access, SecurityIdentity identity) {
        this.service = service;
        this.access = access;
        this.identity = identity;
    }

    @Operation(summary = "Create an asset and a presigned upload URL (reference 002)")
    @APIResponse(responseCode = "201", description = "The pending asset and how to upload its bytes",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = UploadUrlResponse.class),
                    examples = @ExampleObject(name = "reference", value = ApiExamples.UPLOAD_URL_RESPONSE)))
    @POST
    @Path("/assets/upload-url")
    public Uni<Response> createUploadUrl(@RestHeader(TeamAccess.TEAM_HEADER) String teamId,
            @RequestBody(required = true, content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "reference", value = ApiExamples.UPLOAD_URL_REQUEST)))
            @Valid @NotNull(message = "a JSON body is required") CreateUploadUrl body) {
        return access.fromHeader(identity, teamId)
                .chain(team -> service.createUploadUrl(team, body))
                .map(created -> Response.status(201).entity(created).build());
    }

    @Operation(summary = "Confirm an upload: checks the stored object and marks the asset ready")
    @POST
    @Path("/assets/{id}/confirm")
    @Consumes(MediaType.WILDCARD)
    public Uni<AssetSummary> confirm(@RestHeader(TeamAccess.TEAM_HEADER) String teamId, @RestPath String id) {
        UUID assetId = Ids.parse("id", id);
        return access.fromHeader(identity, teamId).chain(team -> service.confirm(team, assetId));
    }

    @Operation(summary = "Get an asset")
    @GET
    @Path("/assets/{id}")
    public Uni<AssetSummary> get(@RestHeader(TeamAccess.TEAM_HEADER) String teamId, @RestPath String id) {
        UUID assetId = Ids.parse("id", id);
        return access.fromHeader(identity, teamId).chain(team -> service.get(team, assetId));
    }

    @Operation(summary = "List the team's assets, newest first, by cursor")
    @GET
    @Path("/assets")
    public Uni<AssetPage> list(@RestHeader(TeamAccess.TEAM_HEADER) String teamId,
            @RestQuery String state, @RestQuery String type, @RestQuery String kind,
            @RestQuery("workflow_id") String workflowId, @RestQuery String limit, @RestQuery String cursor) {
        if (state != null && !STATES.contains(state)) {
            throw ApiException.invalidField("state", "must be one of " + String.join(", ", STATES.stream().sorted().toList()));
        }
        if (kind != null && !kind.equals("input") && !kind.equals("output")) {
            throw ApiException.invalidField("kind", "must be one of input, output");
        }
        var filter = new AssetRepository.Filter(state, type, kind,
                workflowId == null ? null : Ids.parse("workflow_id", workflowId));
        int pageSize = parseLimit(limit);
        return access.fromHeader(identity, teamId).chain(team -> service.list(team, filter, cursor, pageSize));
    }

    @Operation(summary = "Delete an asset and its object")
    @APIResponse(responseCode = "204", description = "Deleted")
    @DELETE
    @Path("/assets/{id}")
    public Uni<Response> delete(@RestHeader(TeamAccess.TEAM_HEADER) String teamId, @RestPath String id) {
        UUID assetId = Ids.parse("id", id);
        return access.fromHeader(identity, teamId)
                .chain(team -> service.delete(team, assetId))
                .map(ignored -> Response.noContent().build());
    }

    @Operation(summary = "Presigned upload of a workflow input, exact size and no overwrite (reference 003)")
    @APIResponse(responseCode = "200", description = "Presigned upload URL generated",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PresignResponse.class),
                    examples = @ExampleObject(name = "reference", value = ApiExamples.PRESIGN_RESPONSE)))
    /** Reference 003: a presigned upload for a workflow input. */
    @POST
    @Path("/r/files/presign")
    public Uni<PresignResponse> presign(@RestHeader(TeamAccess.TEAM_HEADER) String teamId,
            @RequestBody(required = true, content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "reference", value = ApiExamples.PRESIGN_REQUEST)))
            @Valid @NotNull(message = "a JSON body is required") PresignRequest body) {
        return access.fromHeader(identity, teamId).chain(team -> service.presignInput(team, body));
    }

    private static int parseLimit(String limit) {
        if (limit == null) {
            return 50;
        }
        try {
            return Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("limit", "must be an integer between 1 and " + AssetService.MAX_PAGE);
        }
    }
}
