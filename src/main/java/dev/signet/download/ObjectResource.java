package dev.signet.download;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import dev.signet.team.TeamAccess;
import dev.signet.usage.UsageDtos.StorageUsage;
import dev.signet.usage.UsageService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Reference 004: {@code /api/v1/objects}. */
@Path("/api/v1/objects")
@Produces(MediaType.APPLICATION_JSON)
public class ObjectResource {

    private final DownloadService downloads;
    private final UsageService usage;
    private final TeamAccess access;
    private final SecurityIdentity identity;

    public ObjectResource(DownloadService downloads, UsageService usage, TeamAccess access, SecurityIdentity identity) {
        this.downloads = downloads;
        this.usage = usage;
        this.access = access;
        this.identity = identity;
    }

    /** Public: the object key (it holds the random asset id) is the capability. 302 to a presigned GET. */
    @GET
    @Path("/download")
    @PermitAll
    public Uni<Response> download(@RestQuery String objectKey, @RestQuery String type) {
        return downloads.publicDownload(objectKey, type)
                .map(url -> Response.status(302).location(URI.create(url)).header("Cache-Control", "no-store").build());
    }

    @GET
    @Path("/storage-usage")
    @Authenticated
    public Uni<StorageUsage> storageUsage(@RestHeader(TeamAccess.TEAM_HEADER) String teamId,
            @RestQuery String createdBy) {
        return access.fromHeader(identity, teamId).chain(team -> usage.usage(team, createdBy));
    }
}
