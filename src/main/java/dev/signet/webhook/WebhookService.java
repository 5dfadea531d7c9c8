package dev.signet.webhook;

import dev.signet.access.TeamContext;
import dev.signet.common.Ids;
import dev.signet.common.Text;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.http.Page;
import dev.signet.webhook.WebhookDtos.CreateWebhook;
import dev.signet.webhook.WebhookDtos.CreatedWebhook;
import dev.signet.webhook.WebhookDtos.DeliveryPage;
import dev.signet.webhook.WebhookDtos.DeliveryView;
import dev.signet.webhook.WebhookDtos.UpdateWebhook;
import dev.signet.webhook.WebhookDtos.WebhookView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A team's webhooks: the rules of creating, changing and deleting them, their delivery log and re-sends. */
@ApplicationScoped
public class WebhookService {

    static final int MAX_DESCRIPTION = 200;

    private final WebhookRepository webhooks;
    private final WebhookSecrets secrets;
    private final TargetGuard guard;
    private final WebhookConfig config;

    public WebhookService(WebhookRepository webhooks, WebhookSecrets secrets, TargetGuard guard, WebhookConfig config) {
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.guard = guard;
        this.config = config;
    }

    /** Checks the target (form, then every address it resolves to), then stores it with a new secret. */
    public Uni<CreatedWebhook> create(TeamContext team, CreateWebhook request) {
        TargetGuard.Target target = TargetGuard.parse("url", request.url());
        List<EventType> events = events(request.events(), true);
        String description = description(request.description());
        return allowed(target).chain(() -> {
            UUID id = Ids.newId();
            String secret = WebhookSecrets.newSecret();
            Instant now = Ids.now();
            String actor = team.caller().actor();
            return webhooks.insert(
                            id,
                            team.teamId(),
                            request.url(),
                            events,
                            description,
                            secrets.seal(id, secret),
                            actor,
                            now,
                            config.maxPerTeam())
                    .map(inserted -> {
                        if (!inserted) {
                            throw ErrorCode.TOO_MANY_WEBHOOKS.exception(config.maxPerTeam());
                        }
                        return new CreatedWebhook(
                                id,
                                request.url(),
                                events.stream().distinct().toList(),
                                description,
                                WebhookState.ENABLED,
                                actor,
                                now,
                                secret);
                    });
        });
    }

    public Uni<List<WebhookView>> list(TeamContext team) {
        return webhooks.list(team.teamId());
    }

    public Uni<WebhookView> get(TeamContext team, UUID id) {
        return find(team, id).map(WebhookRepository.Hook::view);
    }

    public Uni<WebhookView> update(TeamContext team, UUID id, UpdateWebhook request) {
        TargetGuard.Target target = request.url() == null ? null : TargetGuard.parse("url", request.url());
        List<EventType> events = events(request.events(), false);
        String description = request.description() == null ? null : description(request.description());
        Uni<Void> check = target == null ? Uni.createFrom().voidItem() : allowed(target);
        return find(team, id)
                .chain(existing -> check)
                .chain(() -> webhooks.update(
                        team.teamId(),
                        id,
                        request.url(),
                        events,
                        description,
                        request.enabled(),
                        "Disabled through the API by " + team.caller().actor() + "."))
                .map(updated -> {
                    if (updated == null) {
                        throw ErrorCode.WEBHOOK_NOT_FOUND.exception();
                    }
                    return updated.view();
                });
    }

    public Uni<Void> delete(TeamContext team, UUID id) {
        return webhooks.delete(team.teamId(), id).map(deleted -> {
            if (!deleted) {
                throw ErrorCode.WEBHOOK_NOT_FOUND.exception();
            }
            return null;
        });
    }

    /** The webhook's deliveries, newest first, each with its attempts. */
    public Uni<DeliveryPage> deliveries(TeamContext team, UUID id, Page page) {
        Long before = page.after(Long::valueOf);
        return find(team, id)
                .chain(hook -> webhooks.deliveries(id, before, null, page.rowsToRead()))
                .map(rows -> {
                    Page.Slice<Map.Entry<Long, DeliveryView>> slice = page.slice(rows, Map.Entry::getKey);
                    return new DeliveryPage(
                            slice.items().stream().map(Map.Entry::getValue).toList(), slice.next());
                });
    }

    /** Sends one of the team's events to the webhook again (the same {@code webhook-id}, a new delivery). */
    public Uni<DeliveryView> resend(TeamContext team, UUID id, UUID event) {
        return find(team, id)
                .chain(hook -> {
                    if (hook.view().state() != WebhookState.ENABLED) {
                        return Uni.createFrom().failure(ErrorCode.WEBHOOK_DISABLED.exception());
                    }
                    return webhooks.resend(team.teamId(), id, event);
                })
                .chain(delivery -> {
                    if (delivery == null) {
                        return Uni.createFrom().failure(ErrorCode.EVENT_NOT_FOUND.exception());
                    }
                    return webhooks.deliveries(id, null, delivery, 1)
                            .map(rows -> rows.get(0).getValue());
                });
    }

    private Uni<WebhookRepository.Hook> find(TeamContext team, UUID id) {
        return webhooks.find(team.teamId(), id).map(hook -> {
            if (hook == null) {
                throw ErrorCode.WEBHOOK_NOT_FOUND.exception();
            }
            return hook;
        });
    }

    /** A target that resolves only to addresses Signet may call; a 400 naming {@code url} otherwise. */
    private Uni<Void> allowed(TargetGuard.Target target) {
        return guard.resolve(target)
                .onFailure(TargetGuard.RefusedTarget.class)
                .transform(e -> ApiException.invalidField("url", "is not a target Signet may call: " + e.getMessage()))
                .replaceWithVoid();
    }

    private static List<EventType> events(List<EventType> events, boolean defaultAll) {
        if (events == null) {
            return defaultAll ? EventType.defaults() : null;
        }
        if (events.isEmpty()) {
            throw ApiException.invalidField(
                    "events", "must name at least one event type, or be left out for every asset event");
        }
        if (events.contains(null)) {
            throw ApiException.invalidField("events", "must be one of " + EventType.all());
        }
        return events.stream().distinct().toList();
    }

    private static String description(String description) {
        if (description == null) {
            return null;
        }
        String problem = Text.nameProblem(description, MAX_DESCRIPTION);
        if (problem != null) {
            throw ApiException.invalidField("description", problem);
        }
        return description.strip();
    }
}
