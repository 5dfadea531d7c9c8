package dev.signet.workflow;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A team's workflow: its inputs are uploads, its outputs artifacts. */
@Entity
@Table(name = "workflows")
public class Workflow {

    @Id
    public UUID id;

    public UUID teamId;
    public String name;
    public String createdBy;
    public Instant createdAt;
}
