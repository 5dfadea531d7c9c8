package dev.signet.team;

import dev.signet.access.Access;
import dev.signet.access.Caller;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.team.TeamDtos.AddMember;
import dev.signet.team.TeamDtos.CreateTeam;
import dev.signet.team.TeamDtos.MemberList;
import dev.signet.team.TeamDtos.MemberView;
import dev.signet.team.TeamDtos.TeamList;
import dev.signet.team.TeamDtos.TeamView;
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

@Path("/api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams", description = "Teams and their members (JWT callers).")
public class TeamResource {

    private final TeamService service;
    private final CurrentCaller current;

    public TeamResource(TeamService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(
            operationId = "createTeam",
            summary = "Create a team; the caller becomes its owner",
            description = "For people only; when signet.auth.jwt.team-creator-group is set, only members of that "
                    + "group and platform admins.")
    @APIResponse(
            responseCode = "201",
            description = "The team",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamView.class)))
    @POST
    @Access(Permission.CREATE_TEAMS)
    public Uni<Response> create(@Valid @NotNull(message = "a JSON body is required") CreateTeam body) {
        return service.create((Caller.User) current.caller(), body.name())
                .map(team -> Response.created(URI.create("/api/v1/teams/" + team.id()))
                        .entity(team)
                        .build());
    }

    @Operation(operationId = "listTeams", summary = "The caller's teams")
    @GET
    @Access(Permission.SIGNED_IN)
    public Uni<TeamList> list() {
        return service.listMine(current.caller()).map(TeamList::new);
    }

    @Operation(operationId = "listMembers", summary = "List a team's members (owner or admin)")
    @GET
    @Path("/{teamId}/members")
    @Access(Permission.MANAGE_MEMBERS)
    public Uni<MemberList> members(@RestPath String teamId) {
        return service.listMembers(current.team()).map(MemberList::new);
    }

    @Operation(
            operationId = "addMember",
            summary = "Add a member (owner or admin; only owners and platform admins grant owner)")
    @APIResponse(
            responseCode = "201",
            description = "The member",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = MemberView.class)))
    @APIResponse(responseCode = "409", description = "Already a member (`already_member`).")
    @POST
    @Path("/{teamId}/members")
    @Access(Permission.MANAGE_MEMBERS)
    public Uni<Response> addMember(
            @RestPath String teamId, @Valid @NotNull(message = "a JSON body is required") AddMember body) {
        return service.addMember(current.team(), body)
                .map(member -> Response.status(201).entity(member).build());
    }

    @Operation(operationId = "removeMember", summary = "Remove a member (owner or admin); the last owner stays")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "409", description = "The team's last owner stays (`last_owner`).")
    @DELETE
    @Path("/{teamId}/members/{userId}")
    @Access(Permission.MANAGE_MEMBERS)
    public Uni<Response> removeMember(@RestPath String teamId, @RestPath String userId) {
        return service.removeMember(current.team(), userId)
                .map(ignored -> Response.noContent().build());
    }
}
