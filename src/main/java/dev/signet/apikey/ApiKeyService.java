package dev.signet.apikey;

import dev.signet.access.KeyKind;
import dev.signet.access.TeamContext;
import dev.signet.apikey.ApiKeyDtos.KeyView;
import dev.signet.apikey.ApiKeyDtos.MintKey;
import dev.signet.apikey.ApiKeyDtos.MintedKey;
import dev.signet.common.Ids;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Minting, listing and revoking a team's API keys (owners, admins and {@code sk-} keys only). */
@ApplicationScoped
public class ApiKeyService {

    /** The setting (of {@code uppy/UppyConfig}, which declares its default) bounding an upload key's life. */
    static final String UPLOAD_KEY_MAX_LIFETIME = "signet.uppy.upload-key-max-lifetime";

    private final ApiKeyRepository keys;
    private final Cache credentials;
    private final Duration uploadKeyMaxLifetime;

    public ApiKeyService(
            ApiKeyRepository keys,
            @CacheName(ApiKeyRepository.CREDENTIAL_CACHE) Cache credentials,
            @ConfigProperty(name = UPLOAD_KEY_MAX_LIFETIME) Duration uploadKeyMaxLifetime) {
        this.keys = keys;
        this.credentials = credentials;
        this.uploadKeyMaxLifetime = uploadKeyMaxLifetime;
    }

    @WithTransaction
    public Uni<MintedKey> mint(TeamContext team, MintKey request) {
        Instant now = Ids.now();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ApiException.invalidField("expires_at", "must be in the future");
        }
        KeyKind kind = request.kind();
        // an upload key may travel in a URL (and so into browsers' histories): it always dies, and soon
        if (kind == KeyKind.UK) {
            if (request.expiresAt() == null) {
                throw ApiException.invalidField("expires_at", "is required for an upload (uk) key");
            }
            if (request.expiresAt().isAfter(now.plus(uploadKeyMaxLifetime))) {
                throw ApiException.invalidField(
                        "expires_at",
                        "must be at most " + uploadKeyMaxLifetime + " ahead for an upload (uk) key ("
                                + UPLOAD_KEY_MAX_LIFETIME + ")");
            }
        }
        String token = ApiKeySecrets.newToken(kind);
        ApiKey key = new ApiKey();
        key.id = Ids.newId();
        key.teamId = team.teamId();
        key.name = request.name().strip();
        key.kind = kind;
        key.prefix = ApiKeySecrets.displayPrefix(token);
        key.secretHash = ApiKeySecrets.hash(token);
        key.createdBy = team.caller().actor();
        key.createdAt = now;
        key.expiresAt = request.expiresAt() == null ? null : Ids.truncate(request.expiresAt());
        return keys.persist(key)
                .map(saved -> new MintedKey(
                        key.id,
                        key.name,
                        key.kind,
                        key.prefix,
                        key.teamId,
                        key.createdBy,
                        key.createdAt,
                        key.expiresAt,
                        token));
    }

    @WithSession
    public Uni<List<KeyView>> list(TeamContext team) {
        return keys.listForTeam(team.teamId())
                .map(list -> list.stream().map(KeyView::of).toList());
    }

    /**
     * Revokes a key of the caller's team; revoking twice is harmless, another team's key is not found. The
     * cached credential is evicted after the commit, so this replica refuses the key from the next request.
     */
    public Uni<Void> revoke(TeamContext team, UUID keyId) {
        return Panache.withTransaction(() -> keys.findInTeam(keyId, team.teamId())
                        .map(key -> {
                            if (key == null) {
                                throw ErrorCode.API_KEY_NOT_FOUND.exception();
                            }
                            if (key.revokedAt == null) {
                                key.revokedAt = Ids.now();
                            }
                            return key.secretHash;
                        }))
                .call(credentials::invalidate)
                .replaceWithVoid();
    }
}
