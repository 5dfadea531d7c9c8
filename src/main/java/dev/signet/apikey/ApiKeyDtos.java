package dev.signet.apikey;

import dev.signet.access.KeyKind;
import dev.signet.common.Name;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the API-key endpoints (snake_case on the wire). */
public final class ApiKeyDtos {

    private ApiKeyDtos() {}

    public record MintKey(
            @Name(max = 100) String name,
            @NotNull KeyKind kind,
            @Nullable Instant expiresAt) {}

    /** A key as listed: never the secret. */
    public record KeyView(
            UUID id,
            String name,
            KeyKind kind,
            String prefix,
            UUID teamId,
            String createdBy,
            Instant createdAt,
            @Nullable Instant expiresAt,
            @Nullable Instant revokedAt) {

        static KeyView of(ApiKey key) {
            return new KeyView(
                    key.id,
                    key.name,
                    key.kind,
                    key.prefix,
                    key.teamId,
                    key.createdBy,
                    key.createdAt,
                    key.expiresAt,
                    key.revokedAt);
        }
    }

    /** The answer to minting: the only time the secret {@code key} is ever shown. */
    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record MintedKey(
            UUID id,
            String name,
            KeyKind kind,
            String prefix,
            UUID teamId,
            String createdBy,
            Instant createdAt,
            @Nullable Instant expiresAt,
            String key) {}

    public record KeyList(List<KeyView> items) {}
}
