package dev.signet.apikey;

import dev.signet.access.BearerTokenRequest;
import dev.signet.access.Caller;
import dev.signet.access.KeyKind;
import dev.signet.error.ErrorCode;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Verifies {@code sk-}/{@code dk-} keys by hash lookup. The row is kept in the {@code api-keys} cache for
 * at most one second ({@code quarkus.cache.caffeine."api-keys".expire-after-write}), so a busy key costs
 * one query per second per replica; revoking evicts it here at once and on other replicas within that
 * second. Expiry is checked on every request against the cached row.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<BearerTokenRequest.ApiKey> {

    private final ApiKeyRepository keys;
    private final Cache credentials;

    public ApiKeyIdentityProvider(
            ApiKeyRepository keys, @CacheName(ApiKeyRepository.CREDENTIAL_CACHE) Cache credentials) {
        this.keys = keys;
        this.credentials = credentials;
    }

    @Override
    public Class<BearerTokenRequest.ApiKey> getRequestType() {
        return BearerTokenRequest.ApiKey.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerTokenRequest.ApiKey request, AuthenticationRequestContext context) {
        String token = request.token();
        if (!ApiKeySecrets.wellFormed(token)) {
            return Uni.createFrom().failure(invalidKey());
        }
        KeyKind claimed = KeyKind.fromToken(token);
        Uni<Optional<ApiKeyRepository.Credential>> lookup = credentials.getAsync(
                ApiKeySecrets.hash(token), hash -> keys.findCredential(hash).map(Optional::ofNullable));
        return lookup.map(found -> {
            ApiKeyRepository.Credential key = found.orElse(null);
            if (key == null || key.kind() != claimed) {
                throw invalidKey();
            }
            if (key.revokedAt() != null) {
                throw ErrorCode.API_KEY_REVOKED.unauthenticated();
            }
            if (key.expiresAt() != null && !key.expiresAt().isAfter(Instant.now())) {
                throw ErrorCode.API_KEY_EXPIRED.unauthenticated();
            }
            Caller caller = new Caller.ApiKey(key.id(), key.teamId(), key.kind());
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(caller::actor)
                    .addAttribute(Caller.ATTRIBUTE, caller)
                    .build();
        });
    }

    private static AuthenticationFailedException invalidKey() {
        return ErrorCode.INVALID_API_KEY.unauthenticated();
    }
}
