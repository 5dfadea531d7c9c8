package dev.signet.apikey;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.apikey.ApiKeyDtos.KeyList;
import dev.signet.apikey.ApiKeyDtos.MintKey;
import dev.signet.apikey.ApiKeyDtos.MintedKey;
import dev.signet.common.Ids;
import io.smallrye.mutiny.Uni;
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
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "API keys", description = "Team API keys: sk- (full access) and dk- (download URLs only).")
public class ApiKeyResource {

    private final ApiKeyService service;
    private final CurrentCaller current;

    public ApiKeyResource(ApiKeyService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(operationId = "createApiKey", summary = "Mint an API key; the secret is shown once")
    @APIResponse(
            responseCode = "201",
            description = "The key, with its secret",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = MintedKey.class)))
    @POST
    @Access(Permission.MANAGE_KEYS)
    public Uni<Response> mint(@Valid @NotNull(message = "a JSON body is required") MintKey body) {
        return service.mint(current.team(), body)
                .map(key -> Response.created(URI.create("/api/v1/api-keys/" + key.id()))
                        .entity(key)
                        .build());
    }

    @Operation(operationId = "listApiKeys", summary = "List the team's keys (never their secrets)")
    @GET
    @Access(Permission.MANAGE_KEYS)
    public Uni<KeyList> list() {
        return service.list(current.team()).map(KeyList::new);
    }

    @Operation(
            operationId = "revokeApiKey",
            summary = "Revoke a key; refused (401) from the next request, within 1 s on other replicas")
    @APIResponse(responseCode = "204", description = "Revoked")
    @DELETE
    @Path("/{keyId}")
    @Access(Permission.MANAGE_KEYS)
    public Uni<Response> revoke(@RestPath String keyId) {
        return service.revoke(current.team(), Ids.parse("key_id", keyId))
                .map(ignored -> Response.noContent().build());
    }
}
