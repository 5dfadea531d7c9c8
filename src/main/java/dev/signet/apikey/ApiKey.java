package dev.signet.apikey;

import dev.signet.access.KeyKind;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A minted API key; the secret itself is never stored, only its hash. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;

    public UUID teamId;
    public String name;
    public KeyKind kind;
    /** The first characters of the token, for display. */
    public String prefix;

    public String secretHash;
    public String createdBy;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant revokedAt;
}
