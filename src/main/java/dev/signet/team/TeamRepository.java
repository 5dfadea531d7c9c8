package dev.signet.team;

import dev.signet.access.Role;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {

    /** A team and the caller's role in it. */
    public record Mine(Team team, Role role) {}

    public Uni<List<Mine>> listForUser(String userId) {
        return getSession()
                .chain(session -> session.createSelectionQuery(
                                "select t, m.role from Team t join Membership m on m.teamId = t.id"
                                        + " where m.userId = :user order by t.createdAt, t.id",
                                Object[].class)
                        .setParameter("user", userId)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new Mine((Team) row[0], (Role) row[1]))
                        .toList());
    }
}
