package dev.signet.apikey;

import java.net.URI;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import dev.signet.ops.ApiExamples;
import dev.signet.apikey.ApiKeyDtos.MintedKey;

import dev.signet.apikey.ApiKeyDtos.KeyList;
import dev.signet.apikey.ApiKeyDtos.MintKey;
import dev.signet.common.Ids;
import dev.signet.team.TeamAccess;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/api-keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "API keys", description = "Team API keys: sk- (full access) and dk- (download URLs only).")
public class ApiKeyResource {

    private final ApiKeyService service;
    private final TeamAccess access;
    private final SecurityIdentity identity;

    public ApiKeyResource(ApiKeyService service, TeamAccess access, SecurityIdentity identity) {
        this.service = service;
        this.access = access;
        this.identity = identity;
    }

    @Operation(summary = "Mint an API key; the secret is shown once")
    @APIResponse(responseCode = "201", description = "The key, with its secret",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = MintedKey.class)))
    @POST
    public Uni<Response> mint(@RestHeader(TeamAccess.TEAM_HEADER) String teamId,
            @Valid @NotNull(message = "a JSON body is required") MintKey body) {
        return access.fromHeader(identity, teamId)
                .chain(team -> service.mint(team, body))
                .map(key -> Response.created(URI.create("/api/v1/api-keys/" + key.id())).entity(key).build());
    }

    @Operation(summary = "List the team's keys (never their secrets)")
    @GET
    public Uni<KeyList> list(@RestHeader(TeamAccess.TEAM_HEADER) String teamId) {
        return access.fromHeader(identity, teamId).chain(service::list).map(KeyList::new);
    }

    @Operation(summary = "Revoke a key; refused (401) from the next request, within 1 s on other replicas")
    @APIResponse(responseCode = "204", description = "Revoked")
    @DELETE
    @Path("/{keyId}")
    public Uni<Response> revoke(@RestHeader(TeamAccess.TEAM_HEADER) String teamId, @RestPath String keyId) {
        return access.fromHeader(identity, teamId)
                .chain(team -> service.revoke(team, Ids.parse("key_id", keyId)))
                .map(ignored -> Response.noContent().build());
    }
}
