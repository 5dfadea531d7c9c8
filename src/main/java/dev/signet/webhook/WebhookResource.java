package dev.signet.webhook;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.common.Ids;
import dev.signet.http.PageQuery;
import dev.signet.webhook.WebhookDtos.CreateWebhook;
import dev.signet.webhook.WebhookDtos.CreatedWebhook;
import dev.signet.webhook.WebhookDtos.DeliveryPage;
import dev.signet.webhook.WebhookDtos.DeliveryView;
import dev.signet.webhook.WebhookDtos.Resend;
import dev.signet.webhook.WebhookDtos.UpdateWebhook;
import dev.signet.webhook.WebhookDtos.WebhookList;
import dev.signet.webhook.WebhookDtos.WebhookView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Asset events delivered to the team's endpoints, signed as Standard Webhooks.")
public class WebhookResource {

    private final WebhookService service;
    private final CurrentCaller current;

    public WebhookResource(WebhookService service, CurrentCaller current) {
        this.service = service;
        this.current = current;
    }

    @Operation(
            operationId = "createWebhook",
            summary = "Create a webhook; its signing secret is shown once",
            description = "The URL must resolve only to public addresses (not loopback, private, link-local or "
                    + "cloud metadata). `events` left out: every event type.")
    @APIResponse(
            responseCode = "201",
            description = "The webhook, with its secret",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreatedWebhook.class)))
    @APIResponse(responseCode = "409", description = "The team has as many webhooks as it may (`too_many_webhooks`).")
    @POST
    @Access(Permission.MANAGE_WEBHOOKS)
    public Uni<Response> create(@Valid @NotNull(message = "a JSON body is required") CreateWebhook body) {
        return service.create(current.team(), body)
                .map(created -> Response.created(URI.create("/api/v1/webhooks/" + created.id()))
                        .entity(created)
                        .build());
    }

    @Operation(operationId = "listWebhooks", summary = "List the team's webhooks (never their secrets)")
    @GET
    @Access(Permission.MANAGE_WEBHOOKS)
    public Uni<WebhookList> list() {
        return service.list(current.team()).map(WebhookList::new);
    }

    @Operation(operationId = "getWebhook", summary = "Get a webhook: its state, and why it is disabled if it is")
    @GET
    @Path("/{webhookId}")
    @Access(Permission.MANAGE_WEBHOOKS)
    public Uni<WebhookView> get(@RestPath String webhookId) {
        return service.get(current.team(), Ids.parse("webhook_id", webhookId));
    }

    @Operation(
            operationId = "updateWebhook",
            summary = "Change a webhook's URL, events or description, or disable and enable it")
    @PATCH
    @Path("/{webhookId}")
    @Access(Permission.MANAGE_WEBHOOKS)
    public Uni<WebhookView> update(
            @RestPath String webhookId, @Valid @NotNull(message = "a JSON body is required") UpdateWebhook body) {
        return service.update(current.team(), Ids.parse("webhook_id", webhookId), body);
    }

    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook and its delivery log")
    @APIResponse(responseCode = "204", description = "Deleted")
    @DELETE
    @Path("/{webhookId}")
    @Access(Permission.MANAGE_WEBHOOKS)
    public Uni<Response> delete(@RestPath String webhookId) {
        return service.delete(current.team(), Ids.parse("webhook_id", webhookId))
                .map(ignored -> Response.noContent().build());
    }

    @Operation(
            operationId = "listWebhookDeliveries",
            summary = "The delivery log: each event sent to this webhook, "
                    + "newest first, with every attempt (status, latency, error)")
    @GET
    @Path("/{webhookId}/deliveries")
    @Access(Permission.MANAGE_WEBHOOKS)
    public Uni<DeliveryPage> deliveries(@RestPath String webhookId, @BeanParam PageQuery.Deliveries page) {
        UUID id = Ids.parse("webhook_id", webhookId);
        return service.deliveries(current.team(), id, page.page());
    }

    @Operation(
            operationId = "resendWebhookEvent",
            summary = "Send one of the team's events to this webhook (again), with the same webhook-id")
    @APIResponse(
            responseCode = "202",
            description = "The new delivery, pending",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "404", description = "No such webhook, or no such event of the team.")
    @APIResponse(responseCode = "409", description = "The webhook is disabled (`webhook_disabled`): enable it first.")
    @POST
    @Path("/{webhookId}/deliveries")
    @Access(Permission.MANAGE_WEBHOOKS)
    public Uni<Response> resend(
            @RestPath String webhookId, @Valid @NotNull(message = "a JSON body is required") Resend body) {
        UUID id = Ids.parse("webhook_id", webhookId);
        return service.resend(current.team(), id, body.eventId())
                .map(delivery -> Response.accepted(delivery).build());
    }
}
