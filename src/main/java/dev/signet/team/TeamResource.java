package dev.signet.team;

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

import org.jboss.resteasy.reactive.RestPath;

import dev.signet.auth.Caller;
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
public class TeamResource {

    private final TeamService service;
    private final TeamAccess access;
    private final SecurityIdentity identity;

    public TeamResource(TeamService service, TeamAccess access, SecurityIdentity identity) {
        this.service = service;
        this.access = access;
        this.identity = identity;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull(message = "a JSON body is required") CreateTeam body) {
        return service.create(Caller.of(identity), body.name())
                .map(team -> Response.created(URI.create("/api/v1/teams/" + team.id())).entity(team).build());
    }

    @GET
    public Uni<TeamList> list() {
        return service.listMine(Caller.of(identity)).map(TeamList::new);
    }

    @GET
    @Path("/{teamId}/members")
    public Uni<MemberList> members(@RestPath String teamId) {
        return access.fromPath(identity, Ids.parse("team_id", teamId))
                .chain(service::listMembers)
                .map(MemberList::new);
    }

    @POST
    @Path("/{teamId}/members")
    public Uni<Response> addMember(@RestPath String teamId,
            @Valid @NotNull(message = "a JSON body is required") AddMember body) {
        return access.fromPath(identity, Ids.parse("team_id", teamId))
                .chain(team -> service.addMember(team, body))
                .map(member -> Response.status(201).entity(member).build());
    }

    @DELETE
    @Path("/{teamId}/members/{userId}")
    public Uni<Response> removeMember(@RestPath String teamId, @RestPath String userId) {
        return access.fromPath(identity, Ids.parse("team_id", teamId))
                .chain(team -> service.removeMember(team, userId))
                .map(ignored -> Response.noContent().build());
    }
}
