package dev.signet.usage;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.http.ApiExamples;
import dev.signet.usage.UsageDtos.StorageUsage;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/** Reference 004's storage usage, {@code GET /api/v1/objects/storage-usage}: the path is the reference's, what it serves is usage. */
@Path("/api/v1/objects/storage-usage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Objects", description = "Public downloads and storage usage (reference 004).")
public class UsageResource {

    private final UsageService usage;
    private final CurrentCaller current;

    public UsageResource(UsageService usage, CurrentCaller current) {
        this.usage = usage;
        this.current = current;
    }

    @Operation(
            operationId = "getStorageUsage",
            summary = "Storage usage of the team, or of one creator",
            description = "`createdBy` narrows the figures to one creator: for owners, admins, platform admins and "
                    + "`sk-` keys (403 otherwise).")
    @APIResponse(
            responseCode = "200",
            description = "Usage in bytes and files, with a per-workflow breakdown",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = StorageUsage.class),
                            examples = @ExampleObject(name = "reference", value = ApiExamples.STORAGE_USAGE_RESPONSE)))
    @GET
    @Access(Permission.USE)
    public Uni<StorageUsage> storageUsage(
            @Parameter(description = "A user id, or `api-key:<id>`") @RestQuery String createdBy) {
        return usage.usage(current.team(), createdBy);
    }
}
