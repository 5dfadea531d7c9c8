package dev.signet.download;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import dev.signet.ops.ApiExamples;

import dev.signet.team.Access;
import dev.signet.team.CurrentCaller;
import dev.signet.team.Permission;
import dev.signet.usage.UsageDtos.StorageUsage;
import dev.signet.usage.UsageService;
import io.smallrye.mutiny.Uni;

/** Reference 004: {@code /api/v1/objects}. */
@Path("/api/v1/objects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Objects", description = "Public downloads and storage usage (reference 004).")
public class ObjectResource {

    private final DownloadService downloads;
    private final UsageService usage;
    private final CurrentCaller current;

    public ObjectResource(DownloadService downloads, UsageService usage, CurrentCaller current) {
        this.downloads = downloads;
        this.usage = usage;
        this.current = current;
    }

    @Operation(summary = "Public download: 302 to a presigned GET of the object")
    @APIResponse(responseCode = "302", description = "Redirect to a presigned URL",
            headers = @org.eclipse.microprofile.openapi.annotations.headers.Header(name = "Location", description = "The presigned GET URL", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Missing objectKey parameter")
    @APIResponse(responseCode = "404", description = "Object not found in storage")
    /** Public: the object key (it holds the random asset id) is the capability. 302 to a presigned GET. */
    @GET
    @Path("/download")
    @Access(Permission.PUBLIC)
    public Uni<Response> download(@RestQuery String objectKey, @RestQuery String type) {
        return downloads.publicDownload(objectKey, type)
                .map(url -> Response.status(302).location(URI.create(url)).header("Cache-Control", "no-store").build());
    }

    @Operation(summary = "Storage usage of the team, or of one creator")
    @APIResponse(responseCode = "200", description = "Usage in bytes and files, with a per-workflow breakdown",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = StorageUsage.class),
                    examples = @ExampleObject(name = "reference", value = ApiExamples.STORAGE_USAGE_RESPONSE)))
    @GET
    @Path("/storage-usage")
    @Access(Permission.USE)
    public Uni<StorageUsage> storageUsage(@RestQuery String createdBy) {
        return usage.usage(current.team(), createdBy);
    }
}
