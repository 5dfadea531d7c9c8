package dev.signet.webhook;

import dev.signet.asset.AssetDtos.AssetSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the webhook endpoints, and the message receivers get (snake_case). */
public final class WebhookDtos {

    private WebhookDtos() {}

    /** {@code POST /webhooks}: {@code events} left out means every event type. */
    public record CreateWebhook(
            @Schema(required = true, example = "https://worker.example.com/signet")
            String url,

            @Nullable List<EventType> events,
            @Nullable @Schema(maxLength = 200) String description) {}

    /** {@code PATCH /webhooks/{id}}: fields left out stay as they are. */
    public record UpdateWebhook(
            @Nullable String url,
            @Nullable List<EventType> events,
            @Nullable @Schema(maxLength = 200) String description,

            @Nullable
            @Schema(description = "false disables the webhook; true enables it again (and resets its failure count)")
            Boolean enabled) {}

    /** A webhook as listed: never its secret. */
    public record WebhookView(
            UUID id,
            String url,
            List<EventType> events,
            @Nullable String description,
            WebhookState state,

            @Nullable @Schema(description = "Why it is disabled: by whom, or after how many failed attempts in a row")
            String disabledReason,

            @Nullable Instant disabledAt,
            int consecutiveFailures,
            @Nullable Instant failingSince,
            @Nullable Instant lastSuccessAt,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    /** The answer to creating a webhook: the only time its signing {@code secret} is ever shown. */
    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record CreatedWebhook(
            UUID id,
            String url,
            List<EventType> events,
            @Nullable String description,
            WebhookState state,
            String createdBy,
            Instant createdAt,

            @Schema(description = "The Standard Webhooks signing secret (whsec_…), shown only this once")
            String secret) {}

    public record WebhookList(List<WebhookView> items) {}

    /** One attempt to deliver. */
    public record AttemptView(
            int attempt,
            Instant startedAt,
            long latencyMs,

            @Nullable @Schema(description = "The receiver's HTTP status; null when it never answered")
            Integer status,

            AttemptOutcome outcome,
            @Nullable String error,
            String sentBy) {}

    /** One event for this webhook, and every attempt so far. */
    @RegisterForReflection // built into a Response at run time: native images need it registered
    public record DeliveryView(
            UUID id,
            UUID eventId,
            EventType eventType,
            UUID assetId,
            DeliveryState state,
            boolean resend,
            int attempts,
            Instant nextAttemptAt,
            Instant createdAt,
            @Nullable Instant finishedAt,
            List<AttemptView> log) {}

    public record DeliveryPage(
            List<DeliveryView> items, @Nullable String nextCursor) {}

    /** {@code POST /webhooks/{id}/deliveries}: send this event (again) to the webhook. */
    public record Resend(@NotNull UUID eventId) {}

    /** What a receiver gets: the Standard Webhooks payload shape ({@code type}, {@code timestamp}, {@code data}). */
    @RegisterForReflection // serialized at run time: native images need it registered
    public record EventMessage(UUID id, EventType type, Instant timestamp, EventData data) {}

    @RegisterForReflection
    public record EventData(
            UUID teamId,
            AssetSummary asset,

            @Nullable @Schema(description = "`link.used` only (null in asset events): the use of the download link")
            LinkUsed link) {}

    /** A use of a download link, as the event {@code link.used} tells it. */
    @RegisterForReflection
    public record LinkUsed(
            UUID id,

            @Schema(enumeration = {"redirected", "expired", "revoked", "used_up", "ip_refused", "asset_gone"})
            String outcome,

            @Nullable String ip,
            @Nullable String userAgent,

            @Schema(description = "The link's uses counted so far")
            int uses) {}
}
