/**
 * Webhooks: the team's endpoints, and the events delivered to them. The package's {@code @OpenAPIDefinition} puts
 * the message Signet sends into the OpenAPI document (OpenAPI 3.1 {@code webhooks}), so that the one shape every
 * event has ({@link dev.signet.webhook.WebhookDtos.EventMessage}, whose asset is the API's
 * {@link dev.signet.asset.AssetDtos.AssetSummary}) is documented beside the endpoints; SmallRye reads this annotation
 * only on a package.
 */
@OpenAPIDefinition(
        // required by the annotation; OpenApiDocument and quarkus.smallrye-openapi.info-version set the real ones
        info = @Info(title = "Signet API", version = "dev"),
        webhooks =
                @PathItem(
                        name = "assetEvent",
                        operations =
                                @PathItemOperation(
                                        method = "post",
                                        operationId = "assetEvent",
                                        summary = "An asset event, as Signet sends it to each webhook of the team that "
                                                + "asked for its type",
                                        description = "Signed as Standard Webhooks: `webhook-id` (the event id, the "
                                                + "same on every retry and re-send), `webhook-timestamp`, "
                                                + "`webhook-signature: v1,<base64 HMAC-SHA256>`. `data.asset` is the "
                                                + "asset after the change, exactly as `GET /api/v1/assets/{id}` shows "
                                                + "it. Any answer but 2xx (or none in time) is retried with backoff. "
                                                + "`link.used` (only with `signet.links.use-events=true`): a use of a "
                                                + "download link, in `data.link`, beside its asset.",
                                        requestBody =
                                                @RequestBody(
                                                        required = true,
                                                        content =
                                                                @Content(
                                                                        mediaType = "application/json",
                                                                        schema =
                                                                                @Schema(
                                                                                        implementation =
                                                                                                EventMessage.class))),
                                        responses =
                                                @APIResponse(
                                                        responseCode = "2XX",
                                                        description = "Received; the delivery is done"))))
package dev.signet.webhook;

import dev.signet.webhook.WebhookDtos.EventMessage;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.PathItem;
import org.eclipse.microprofile.openapi.annotations.PathItemOperation;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
