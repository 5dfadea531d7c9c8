package dev.signet.team;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
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

import org.jboss.resteasy.reactive.RestPath;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import dev.signet.ops.ApiExamples;
import dev.signet.team.TeamDtos.TeamView;
import dev.signet.team.TeamDtos.MemberView;

import dev.signet.auth.Caller;
import dev.signet.auth.Roles;
import dev.signet.common.Ids;
import dev.signet.team.TeamDtos.AddMember;
import dev.signet.team.TeamDtos.CreateTeam;
import dev.signet.team.TeamDtos.MemberList;
import dev.signet.team.TeamDtos.MemberView;
import dev.signet.team.TeamDtos.TeamList;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/teams")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams", description = "Teams and their members (JWT callers).")
public class TeamResource {

    private final TeamService service;
    private final TeamAccess access;
    private final SecurityIdentity identity;

    public TeamResource(TeamService service, TeamAccess access, SecurityIdentity identity) {
        this.service = service;
        this.access = access;
        this.identity = identity;
    }

    @Operation(summary = "Create a team; the caller becomes its owner",
            description = "For people only; when signet.auth.jwt.team-creator-group is set, only members of that "
                    + "group and platform admins.")
    @APIResponse(responseCode = "201", description = "The team",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamView.class)))
    @POST
    @RolesAllowed(Roles.TEAM_CREATOR)
    public Uni<Response> create(@Valid @NotNull(message = "a JSON body is required") CreateTeam body) {
        return service.create(Caller.of(identity), body.name())
                .map(team -> Response.created(URI.create("/api/v1/teams/" + team.id())).entity(team).build());
    }

    @Operation(summary = "The caller's teams")
    @GET
    public Uni<TeamList> list() {
        return service.listMine(Caller.of(identity)).map(TeamList::new);
    }

    @Operation(summary = "List a team's members (owner or admin)")
    @GET
    @Path("/{teamId}/members")
    public Uni<MemberList> members(@RestPath String teamId) {
        return access.fromPath(identity, Ids.parse("team_id", teamId))
                .chain(service::listMembers)
                .map(MemberList::new);
    }

    @Operation(summary = "Add or change a member (owner or admin)")
    @APIResponse(responseCode = "201", description = "The member",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = MemberView.class)))
    @POST
    @Path("/{teamId}/members")
    public Uni<Response> addMember(@RestPath String teamId,
            @Valid @NotNull(message = "a JSON body is required") AddMember body) {
        return access.fromPath(identity, Ids.parse("team_id", teamId))
                .chain(team -> service.addMember(team, body))
                .map(member -> Response.status(201).entity(member).build());
    }

    @Operation(summary = "Remove a member (owner or admin)")
    @APIResponse(responseCode = "204", description = "Removed")
    @DELETE
    @Path("/{teamId}/members/{userId}")
    public Uni<Response> removeMember(@RestPath String teamId, @RestPath String userId) {
        return access.fromPath(identity, Ids.parse("team_id", teamId))
                .chain(team -> service.removeMember(team, userId))
                .map(ignored -> Response.noContent().build());
    }
}
