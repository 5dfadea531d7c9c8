package dev.signet.link;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every answer of {@code /l/{token}}, the refusals (404, 410) included: never stored by a cache (a refusal must not
 * outlive a change of the link, a redirect must not be served twice), and never a Referer to storage or beyond.
 */
public class LinkResponseHeaders {

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().startsWith("/l/")) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
            response.getHeaders().putSingle("Referrer-Policy", "no-referrer");
        }
    }
}
