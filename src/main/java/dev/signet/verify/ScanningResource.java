package dev.signet.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.error.ApiException;
import dev.signet.verify.ScanningDtos.ScanningView;
import dev.signet.verify.ScanningDtos.SetScanning;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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

/** A team's scanning gate (issue 21): read by its owners and admins, set by platform admins. */
@Path("/api/v1/teams/{teamId}/scanning")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams", description = "Teams and their members (JWT callers).")
public class ScanningResource {

    private final ScanningGate gate;
    private final CurrentCaller current;

    public ScanningResource(ScanningGate gate, CurrentCaller current) {
        this.gate = gate;
        this.current = current;
    }

    @Operation(
            operationId = "getTeamScanning",
            summary = "Whether the team's uploads wait for a scanner's verdict (owners and admins)",
            description = "The gate in force, the team's own choice (null: none) and the deployment's default.")
    @APIResponse(
            responseCode = "200",
            description = "The gate as it applies to the team",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScanningView.class)))
    @GET
    @Access(Permission.SEE_SCANNING)
    public Uni<ScanningView> get(@RestPath String teamId) {
        return gate.view(current.team().teamId());
    }

    @Operation(
            operationId = "setTeamScanning",
            summary = "Turn the scanning gate on or off for the team (platform admins)",
            description = "`{\"enabled\": true|false|null}`; null returns the team to `signet.scanning.enabled`. "
                    + "Applies to uploads settled from now on; assets already scanning keep waiting for a verdict.")
    @APIResponse(
            responseCode = "200",
            description = "The gate as it now applies to the team",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScanningView.class)))
    @PUT
    @Access(Permission.SET_SCANNING)
    public Uni<ScanningView> set(
            @RestPath String teamId,
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = SetScanning.class)))
                    JsonNode body) {
        if (body == null || !body.isObject() || !body.has("enabled")) {
            throw ApiException.invalidField("enabled", "is required: true, false or null");
        }
        JsonNode enabled = body.get("enabled");
        if (!enabled.isNull() && !enabled.isBoolean()) {
            throw ApiException.invalidField("enabled", "must be true, false or null");
        }
        return gate.set(current.team().teamId(), enabled.isNull() ? null : enabled.booleanValue());
    }
}
