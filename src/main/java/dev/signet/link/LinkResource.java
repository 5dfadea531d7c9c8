package dev.signet.link;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.common.Ids;
import dev.signet.http.PageQuery;
import dev.signet.link.LinkDtos.CreateLink;
import dev.signet.link.LinkDtos.CreatedLink;
import dev.signet.link.LinkDtos.LinkPage;
import dev.signet.link.LinkDtos.LinkUsePage;
import dev.signet.link.LinkDtos.LinkView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Download links of the team's assets: create, list, read, revoke, and each one's audit trail (issue 22). */
@Path("/api/v1/links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Links", description = "Download links Signet checks on every use: revocable, limited, audited.")
public class LinkResource {

    private final LinkService service;
    private final CurrentCaller current;
    private final LinkConfig config;

    public LinkResource(LinkService service, CurrentCaller current, LinkConfig config) {
        this.service = service;
        this.current = current;
        this.config = config;
    }

    @Operation(
            operationId = "createLink",
            summary = "Make a download link of a ready asset; its URL (with the token) is shown once",
            description = "The URL is `<signet.links.base-url>/l/<token>`, or, with no base URL set, the scheme and"
                    + " host this request was made to.")
    @APIResponse(
            responseCode = "201",
            description = "The link, with its URL",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreatedLink.class)))
    @APIResponse(responseCode = "404", description = "No such asset in the team.")
    @APIResponse(responseCode = "409", description = "The asset is not ready (`invalid_state`).")
    @POST
    @Access(Permission.CREATE_LINKS)
    public Uni<Response> create(
            @Valid @NotNull(message = "a JSON body is required") CreateLink body, @Context UriInfo uri) {
        return service.create(current.team(), body, base(uri))
                .map(link -> Response.created(URI.create("/api/v1/links/" + link.id()))
                        .entity(link)
                        .build());
    }

    @Operation(operationId = "listLinks", summary = "The team's links, newest first, with their use counts")
    @GET
    @Access(Permission.MANAGE_LINKS)
    public Uni<LinkPage> list(
            @Parameter(
                            description = "Only the links of this asset",
                            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                    @RestQuery("asset_id")
                    String assetId,
            @BeanParam PageQuery.Items page) {
        UUID asset = assetId == null ? null : Ids.parse("asset_id", assetId);
        return service.list(current.team(), asset, page.page());
    }

    @Operation(operationId = "getLink", summary = "A link of the team (never its token)")
    @APIResponse(
            responseCode = "200",
            description = "The link, with its use count",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LinkView.class)))
    @APIResponse(responseCode = "404", description = "No such link in the team.")
    @GET
    @Path("/{linkId}")
    @Access(Permission.MANAGE_LINKS)
    public Uni<LinkView> get(@RestPath String linkId) {
        return service.get(current.team(), Ids.parse("link_id", linkId));
    }

    @Operation(
            operationId = "revokeLink",
            summary = "Revoke a link: its next use is refused (410) on every replica at once")
    @APIResponse(
            responseCode = "200",
            description = "The link, revoked (revoking again keeps the first time)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LinkView.class)))
    @APIResponse(responseCode = "404", description = "No such link in the team.")
    @DELETE
    @Path("/{linkId}")
    @Access(Permission.MANAGE_LINKS)
    public Uni<LinkView> revoke(@RestPath String linkId) {
        return service.revoke(current.team(), Ids.parse("link_id", linkId));
    }

    @Operation(
            operationId = "listLinkUses",
            summary = "The link's audit trail: each use (time, address, user agent, outcome), newest first")
    @APIResponse(
            responseCode = "200",
            description = "A page of uses, newest first",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = LinkUsePage.class)))
    @APIResponse(responseCode = "404", description = "No such link in the team.")
    @GET
    @Path("/{linkId}/uses")
    @Access(Permission.MANAGE_LINKS)
    public Uni<LinkUsePage> uses(@RestPath String linkId, @BeanParam PageQuery.Items page) {
        UUID id = Ids.parse("link_id", linkId);
        return service.uses(current.team(), id, page.page());
    }

    /** Signet's public URL: the configured one, or the scheme and host of this request. */
    private String base(UriInfo uri) {
        String base = config.baseUrl().orElseGet(() -> uri.getBaseUri().toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
