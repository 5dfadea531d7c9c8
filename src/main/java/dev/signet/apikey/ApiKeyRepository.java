package dev.signet.apikey;

import dev.signet.access.KeyKind;
import dev.signet.common.PoolQueries;
import dev.signet.common.WireEnum;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    /** Credentials by secret hash, kept briefly: see {@code ApiKeyIdentityProvider}. */
    public static final String CREDENTIAL_CACHE = "api-keys";

    /** What authentication needs of a key row. */
    public record Credential(UUID id, UUID teamId, KeyKind kind, Instant expiresAt, Instant revokedAt) {}

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The key with this secret hash, or null. Runs on the plain reactive client: it is on every
     * API-key request and needs no session or entity state.
     */
    public Uni<Credential> findCredential(String secretHash) {
        return PoolQueries.execute(
                        pool,
                        "SELECT id, team_id, kind, expires_at, revoked_at FROM api_keys WHERE secret_hash = $1",
                        Tuple.of(secretHash))
                .map(ApiKeyRepository::firstCredential);
    }

    private static Credential firstCredential(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row row = it.next();
        return new Credential(
                row.getUUID("id"),
                row.getUUID("team_id"),
                WireEnum.fromWire(KeyKind.class, row.getString("kind")),
                instant(row, "expires_at"),
                instant(row, "revoked_at"));
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public Uni<List<ApiKey>> listForTeam(UUID teamId) {
        return list("teamId = ?1 order by createdAt desc, id desc", teamId);
    }

    public Uni<ApiKey> findInTeam(UUID id, UUID teamId) {
        return find("id = ?1 and teamId = ?2", id, teamId).firstResult();
    }
}
