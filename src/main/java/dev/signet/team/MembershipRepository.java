package dev.signet.team;

import dev.signet.access.Role;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, Membership.Key> {

    public Uni<Membership> findMember(UUID teamId, String userId) {
        return findById(new Membership.Key(teamId, userId));
    }

    public Uni<List<Membership>> listForTeam(UUID teamId) {
        return list("teamId = ?1 order by createdAt, userId", teamId);
    }

    public Uni<Long> countOwners(UUID teamId) {
        return count("teamId = ?1 and role = ?2", teamId, Role.OWNER);
    }
}
