package dev.signet.team;

import dev.signet.access.Role;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A user's role in a team. */
@Entity
@Table(name = "memberships")
@IdClass(Membership.Key.class)
public class Membership {

    @Id
    public UUID teamId;

    @Id
    public String userId;

    public Role role;
    public Instant createdAt;

    public static class Key implements Serializable {
        public UUID teamId;
        public String userId;

        public Key() {}

        public Key(UUID teamId, String userId) {
            this.teamId = teamId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(teamId, k.teamId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(teamId, userId);
        }
    }
}
