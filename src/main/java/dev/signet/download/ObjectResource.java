package dev.signet.download;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.download.DownloadDtos.DownloadLink;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** Reference 004's public download, {@code /api/v1/objects/download} (its storage usage is {@code UsageResource}'s). */
@Path("/api/v1/objects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Objects", description = "Public downloads and storage usage (reference 004).")
public class ObjectResource {

    private final DownloadService downloads;
    private final CurrentCaller current;

    public ObjectResource(DownloadService downloads, CurrentCaller current) {
        this.downloads = downloads;
        this.current = current;
    }

    @Operation(
            operationId = "downloadObject",
            summary = "Public download: 302 to a presigned GET of the object",
            description = "Public: the object key (it holds the random asset id) is the capability (reference 004). "
                    + "SDKs that do not follow redirects ask with `redirect=false` and get the URL as JSON.")
    @APIResponse(
            responseCode = "302",
            description = "Redirect to a presigned GET URL of the object",
            headers =
                    @Header(
                            name = "Location",
                            description = "The presigned GET URL",
                            required = true,
                            schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(
            responseCode = "200",
            description = "With `redirect=false`: the presigned GET URL",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DownloadLink.class)))
    @APIResponse(
            responseCode = "403",
            description = "A browser page of an origin that may not call the API " + "(`origin_not_allowed`).")
    @APIResponse(responseCode = "404", description = "No ready asset has that key.")
    @APIResponse(
            responseCode = "409",
            description = "The asset waits for its malware scan (`asset_scanning`, with `Retry-After`); a quarantined "
                    + "asset is not found.")
    @GET
    @Path("/download")
    @Access(Permission.PUBLIC)
    public Uni<Response> download(
            @Parameter(required = true, description = "The object key of a ready asset") @RestQuery String objectKey,
            @Parameter(
                            schema =
                                    @Schema(
                                            enumeration = {"attachment", "inline"},
                                            defaultValue = "attachment"))
                    @RestQuery
                    String type,
            @Parameter(
                            description = "`false`: answer the URL as JSON instead of redirecting",
                            schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "true"))
                    @RestQuery
                    String redirect) {
        boolean follow = DownloadService.redirect(redirect);
        return downloads
                .publicDownload(objectKey, type)
                .map(link -> follow
                        ? Response.status(302)
                                .location(URI.create(link.url()))
                                .header("Cache-Control", "no-store")
                                .build()
                        : Response.ok(new DownloadLink(link.url(), link.expiresAt()))
                                .header("Cache-Control", "no-store")
                                .build());
    }
}
