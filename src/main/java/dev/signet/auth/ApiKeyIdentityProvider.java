package dev.signet.auth;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.signet.apikey.ApiKeyRepository;
import dev.signet.apikey.ApiKeySecrets;
import dev.signet.apikey.KeyKind;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Verifies {@code sk-}/{@code dk-} keys by hash lookup. Every request reads the row, so a revoked key is
 * refused on the very next request on every replica.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<BearerTokenRequest.ApiKey> {

    private final ApiKeyRepository keys;

    public ApiKeyIdentityProvider(ApiKeyRepository keys) {
        this.keys = keys;
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
        return keys.findCredential(ApiKeySecrets.hash(token)).map(key -> {
            if (key == null || key.kind() != claimed) {
                throw invalidKey();
            }
            if (key.revokedAt() != null) {
                throw AuthFailure.of("api_key_revoked", "The API key has been revoked.");
            }
            if (key.expiresAt() != null && !key.expiresAt().isAfter(Instant.now())) {
                throw AuthFailure.of("api_key_expired", "The API key has expired.");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(() -> "api-key:" + key.id())
                    .addRole("api-key")
                    .addAttribute(Caller.ATTRIBUTE, new Caller.ApiKey(key.id(), key.teamId(), key.kind()))
                    .build();
        });
    }

    private static AuthenticationFailedException invalidKey() {
        return AuthFailure.of("invalid_api_key", "The API key is not valid.");
    }
}
