package dev.signet.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.quota.QuotaDtos.QuotaView;
import dev.signet.quota.QuotaDtos.SetQuota;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** A team's storage quota (issue 20): read by its owners and admins, set by platform admins. */
@Path("/api/v1/teams/{teamId}/quota")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams", description = "Teams and their members (JWT callers).")
public class QuotaResource {

    private final QuotaService service;
    private final CurrentCaller current;

    public QuotaResource(QuotaService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(
            operationId = "getTeamQuota",
            summary = "The team's storage quota and what it holds against it (owner, admin or platform admin)",
            description = "A new upload URL, presign or multipart start reserves its declared size; it is refused "
                    + "(409 `quota_exceeded`) when used + reserved + its size would pass a quota.")
    @APIResponse(
            responseCode = "200",
            description = "The quota (null: unlimited), whose it is, and the team's counters",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuotaView.class)))
    @GET
    @Access(Permission.SEE_QUOTA)
    public Uni<QuotaView> get(@RestPath String teamId) {
        return service.view(current.team().teamId());
    }

    @Operation(
            operationId = "setTeamQuota",
            summary = "Set the team's own quota (platform admins)",
            description = "Both keys are required; null means unlimited. Uploads already signed keep their "
                    + "reservations; a quota below what the team holds refuses new uploads until enough is freed.")
    @APIResponse(
            responseCode = "200",
            description = "The team's quota as it now is",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuotaView.class)))
    @PUT
    @Access(Permission.SET_QUOTA)
    public Uni<QuotaView> set(
            @RestPath String teamId,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = SetQuota.class)))
                    JsonNode body) {
        QuotaChange change = QuotaChange.parse(body);
        return service.set(current.team(), change);
    }

    @Operation(
            operationId = "clearTeamQuota",
            summary = "Return the team to the configured default quota (platform admins)")
    @APIResponse(
            responseCode = "200",
            description = "The team's quota as it now is (the default)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = QuotaView.class)))
    @DELETE
    @Access(Permission.SET_QUOTA)
    public Uni<QuotaView> clear(@RestPath String teamId) {
        return service.clear(current.team());
    }
}
