package dev.signet.team;

import dev.signet.access.Caller;
import dev.signet.access.Permission;
import dev.signet.access.Role;
import dev.signet.access.TeamContext;
import dev.signet.common.Ids;
import dev.signet.error.ErrorCode;
import dev.signet.team.TeamDtos.AddMember;
import dev.signet.team.TeamDtos.MemberView;
import dev.signet.team.TeamDtos.TeamView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Teams and their members: who may create, see and change them. */
@ApplicationScoped
public class TeamService {

    private final TeamRepository teams;
    private final MembershipRepository memberships;
    private final TeamMemberships access;

    public TeamService(TeamRepository teams, MembershipRepository memberships, TeamMemberships access) {
        this.teams = teams;
        this.memberships = memberships;
        this.access = access;
    }

    /** A person creates a team and becomes its owner (who may is declared on the endpoint). */
    @WithTransaction
    public Uni<TeamView> create(Caller.User user, String name) {
        Team team = new Team();
        team.id = Ids.newId();
        team.name = name.strip();
        team.createdBy = user.userId();
        team.createdAt = Ids.now();
        Membership owner = membership(team.id, user.userId(), Role.OWNER);
        return teams.persist(team)
                .chain(() -> memberships.persist(owner))
                .map(ignored -> new TeamView(team.id, team.name, Role.OWNER, team.createdAt));
    }

    /** The caller's teams; an API key sees the one team it belongs to. */
    @WithSession
    public Uni<List<TeamView>> listMine(Caller caller) {
        if (caller instanceof Caller.ApiKey key) {
            return teams.findById(key.teamId())
                    .map(team -> List.of(new TeamView(team.id, team.name, null, team.createdAt)));
        }
        return teams.listForUser(((Caller.User) caller).userId())
                .map(rows -> rows.stream()
                        .map(row -> new TeamView(row.team().id, row.team().name, row.role(), row.team().createdAt))
                        .toList());
    }

    @WithSession
    public Uni<List<MemberView>> listMembers(TeamContext team) {
        return memberships
                .listForTeam(team.teamId())
                .map(list -> list.stream().map(MemberView::of).toList());
    }

    @WithTransaction
    public Uni<MemberView> addMember(TeamContext team, AddMember request) {
        Role role = request.role() == null ? Role.MEMBER : request.role();
        requireMayGrant(team, role);
        String userId = request.userId().strip();
        return memberships.findMember(team.teamId(), userId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ErrorCode.ALREADY_MEMBER.exception());
            }
            Membership member = membership(team.teamId(), userId, role);
            return memberships
                    .persist(member)
                    .call(() -> access.forget(team.teamId(), userId))
                    .map(MemberView::of);
        });
    }

    @WithTransaction
    public Uni<Void> removeMember(TeamContext team, String userId) {
        return memberships.findMember(team.teamId(), userId).chain(member -> {
            if (member == null) {
                return Uni.createFrom().failure(ErrorCode.MEMBER_NOT_FOUND.exception());
            }
            Role role = member.role;
            requireMayGrant(team, role);
            Uni<Void> lastOwnerCheck = role != Role.OWNER
                    ? Uni.createFrom().voidItem()
                    : memberships.countOwners(team.teamId()).map(owners -> {
                        if (owners <= 1) {
                            throw ErrorCode.LAST_OWNER.exception();
                        }
                        return null;
                    });
            return lastOwnerCheck
                    .chain(() -> memberships.delete(member))
                    .call(() -> access.forget(team.teamId(), userId));
        });
    }

    /** Only owners (and platform admins) grant or take away the owner role. */
    private static void requireMayGrant(TeamContext team, Role role) {
        if (role == Role.OWNER) {
            team.require(Permission.GRANT_OWNER);
        }
    }

    private static Membership membership(UUID teamId, String userId, Role role) {
        Membership m = new Membership();
        m.teamId = teamId;
        m.userId = userId;
        m.role = role;
        m.createdAt = Ids.now();
        return m;
    }
}
