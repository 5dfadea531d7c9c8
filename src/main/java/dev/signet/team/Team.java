package dev.signet.team;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant: it owns assets, workflows and API keys. */
@Entity
@Table(name = "teams")
public class Team {

    @Id
    public UUID id;

    public String name;
    public String createdBy;
    public Instant createdAt;
}
