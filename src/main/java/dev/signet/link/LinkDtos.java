package dev.signet.link;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the link endpoints (snake_case on the wire). */
public final class LinkDtos {

    private LinkDtos() {}

    public record CreateLink(
            @NotNull @Schema(description = "A ready asset of the team")
            UUID assetId,

            @NotNull
            @Schema(
                    description = "When the link stops working: in the future, at most "
                            + "`signet.links.max-lifetime` ahead (default 30 days)")
            Instant expiresAt,

            @Nullable @Schema(description = "Uses allowed (1: a one-time link); absent: unlimited", minimum = "1")
            Integer maxUses,

            @Nullable
            @Schema(
                    description = "Addresses allowed to use it: IPv4/IPv6 addresses or CIDR blocks, at most "
                            + "32; absent: any",
                    maxItems = LinkRules.MAX_ALLOWED_IPS)
            List<String> allowedIps,

            @Nullable @Schema(description = "Default `attachment`")
            LinkDisposition disposition,

            @Nullable
            @Schema(description = "The name the download is saved under; default: the asset's", maxLength = 255)
            String fileName) {}

    /** A link as listed: never its token. */
    public record LinkView(
            UUID id,
            UUID assetId,
            Instant expiresAt,
            @Nullable Integer maxUses,
            int uses,
            @Nullable List<String> allowedIps,
            LinkDisposition disposition,
            String fileName,
            Instant createdAt,
            String createdBy,
            @Nullable Instant revokedAt) {}

    /** The answer to creating a link: the only time its {@code url} (holding the token) is ever shown. */
    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record CreatedLink(
            UUID id,

            @Schema(description = "`<base>/l/<token>`: shown once")
            String url,

            UUID assetId,
            Instant expiresAt,
            @Nullable Integer maxUses,
            int uses,
            @Nullable List<String> allowedIps,
            LinkDisposition disposition,
            String fileName,
            Instant createdAt,
            String createdBy,
            @Nullable Instant revokedAt) {

        static CreatedLink of(LinkView view, String url) {
            return new CreatedLink(
                    view.id(),
                    url,
                    view.assetId(),
                    view.expiresAt(),
                    view.maxUses(),
                    view.uses(),
                    view.allowedIps(),
                    view.disposition(),
                    view.fileName(),
                    view.createdAt(),
                    view.createdBy(),
                    view.revokedAt());
        }
    }

    public record LinkPage(List<LinkView> items, @Nullable String nextCursor) {}

    /** One use of a link. */
    public record LinkUse(
            Instant at,
            @Nullable String ip,

            @Nullable @Schema(description = "At most 512 characters, control characters removed")
            String userAgent,

            LinkOutcome outcome) {}

    public record LinkUsePage(List<LinkUse> items, @Nullable String nextCursor) {}
}
