package dev.signet.download;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;

import dev.signet.download.DownloadDtos.SignedUrlRequest;
import dev.signet.download.DownloadDtos.SignedUrlResponse;
import dev.signet.team.TeamAccess;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Reference 000: a signed GET URL for an object in the caller's team namespace ({@code sk-} and {@code dk-} keys too). */
@Path("/api/v1/inference/assets/signed-url")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SignedUrlResource {

    private final DownloadService service;
    private final TeamAccess access;
    private final SecurityIdentity identity;

    public SignedUrlResource(DownloadService service, TeamAccess access, SecurityIdentity identity) {
        this.service = service;
        this.access = access;
        this.identity = identity;
    }

    @POST
    public Uni<SignedUrlResponse> sign(@RestHeader(TeamAccess.TEAM_HEADER) String teamId,
            @Valid @NotNull(message = "a JSON body is required") SignedUrlRequest body) {
        return access.fromHeader(identity, teamId)
                .chain(team -> service.signedUrl(team, body.objectPath(), body.expiresIn()));
    }
}
