package dev.signet.link;

import dev.signet.access.Access;
import dev.signet.access.Permission;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/**
 * A download link's use, {@code /l/{token}}: public (the token is the capability), checked, counted and logged on
 * every request, then a redirect to a presigned URL of a few seconds' life.
 */
@Path("/l")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Links")
public class LinkRedirectResource {

    private final LinkService service;

    public LinkRedirectResource(LinkService service) {
        this.service = service;
    }

    @Operation(
            operationId = "useLink",
            summary = "Use a download link: 302 to a presigned GET of a few seconds' life",
            description = "Public. Range requests work through the redirect. The caller's address is the"
                    + " connection's, or the forwarded one when `quarkus.http.proxy.*` trusts the proxy.")
    @APIResponse(
            responseCode = "302",
            description = "Redirect to a presigned GET URL (`signet.links.redirect-ttl`, default 10 s)",
            headers =
                    @Header(
                            name = "Location",
                            description = "The presigned GET URL",
                            required = true,
                            schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(responseCode = "404", description = "No such link, or not from this address (`link_not_found`).")
    @APIResponse(responseCode = "410", description = "Revoked, expired, used up, or its file is gone (`link_gone`).")
    @GET
    @Path("/{token}")
    @Access(Permission.PUBLIC)
    public Uni<Response> use(
            @RestPath String token, @RestHeader("User-Agent") String userAgent, @Context HttpServerRequest request) {
        return redirect(token, userAgent, request, false);
    }

    @Operation(
            operationId = "useLinkHead",
            summary = "HEAD of a download link: 302 to a presigned HEAD (counted as a use)")
    @APIResponse(responseCode = "302", description = "Redirect to a presigned HEAD URL")
    @APIResponse(responseCode = "404", description = "No such link, or not from this address.")
    @APIResponse(responseCode = "410", description = "Revoked, expired, used up, or its file is gone.")
    @HEAD
    @Path("/{token}")
    @Access(Permission.PUBLIC)
    public Uni<Response> head(
            @RestPath String token, @RestHeader("User-Agent") String userAgent, @Context HttpServerRequest request) {
        return redirect(token, userAgent, request, true);
    }

    private Uni<Response> redirect(String token, String userAgent, HttpServerRequest request, boolean head) {
        SocketAddress remote = request.remoteAddress();
        String ip = remote == null ? null : remote.hostAddress();
        return service.use(token, ip, userAgent, head)
                .map(url -> Response.status(302)
                        .location(URI.create(url.url()))
                        .build()); // Cache-Control and Referrer-Policy: LinkResponseHeaders
    }
}
