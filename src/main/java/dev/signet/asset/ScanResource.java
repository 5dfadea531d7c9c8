package dev.signet.asset;

import dev.signet.access.Access;
import dev.signet.access.CurrentCaller;
import dev.signet.access.Permission;
import dev.signet.asset.AssetDtos.AssetPage;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.asset.ScanDtos.ScanUrl;
import dev.signet.asset.ScanDtos.VerdictRequest;
import dev.signet.common.Ids;
import dev.signet.error.ApiException;
import dev.signet.http.PageQuery;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * A malware scanner's three calls (issue 21), for {@code vk-} keys only: the team's scanning assets, a short-lived GET
 * for one of them, and its verdict.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Scanning", description = "The scanning gate: what a scanner's (vk-) key can do.")
public class ScanResource {

    private final AssetService assets;
    private final UploadLifecycle lifecycle;
    private final CurrentCaller current;

    public ScanResource(AssetService assets, UploadLifecycle lifecycle, CurrentCaller current) {
        this.assets = assets;
        this.lifecycle = lifecycle;
        this.current = current;
    }

    @Operation(operationId = "listScans", summary = "The team's assets waiting for a scan, newest first (vk- keys)")
    @GET
    @Path("/scans")
    @Access(Permission.SCAN)
    public Uni<AssetPage> list(@BeanParam PageQuery.Items page) {
        return assets.list(
                current.team(), new AssetRepository.Filter(AssetState.SCANNING, null, null, null), page.page());
    }

    @Operation(
            operationId = "createScanUrl",
            summary = "A short-lived GET URL for a scanning asset (vk- keys only)",
            description = "Valid `signet.scanning.scan-url-ttl`. No other caller can get a URL for a scanning asset.")
    @APIResponse(
            responseCode = "200",
            description = "Where to fetch the bytes",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScanUrl.class)))
    @APIResponse(responseCode = "409", description = "The asset is not scanning (`invalid_state`).")
    @POST
    @Path("/assets/{id}/scan-url")
    @Access(Permission.SCAN)
    @Consumes(MediaType.WILDCARD)
    public Uni<ScanUrl> scanUrl(@RestPath String id) {
        UUID assetId = Ids.parse("id", id);
        return lifecycle
                .scanUrl(current.team(), assetId)
                .map(url -> new ScanUrl(assetId, "GET", url.url(), url.expiresAt()));
    }

    @Operation(
            operationId = "giveVerdict",
            summary = "A scanner's verdict: clean → ready, infected → quarantined (vk- keys only)",
            description = "Infected objects are deleted, or moved under `quarantine/` (`signet.scanning.quarantine`),"
                    + " and never downloadable again.")
    @APIResponse(
            responseCode = "200",
            description = "The asset, ready or quarantined",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssetSummary.class)))
    @APIResponse(responseCode = "409", description = "The asset is not scanning (`invalid_state`); nothing changed.")
    @POST
    @Path("/assets/{id}/verdict")
    @Access(Permission.SCAN)
    public Uni<AssetSummary> verdict(
            @RestPath String id, @Valid @NotNull(message = "a JSON body is required") VerdictRequest body) {
        UUID assetId = Ids.parse("id", id);
        UploadLifecycle.Verdict verdict = switch (body.verdict()) {
            case "clean" -> UploadLifecycle.Verdict.CLEAN;
            case "infected" -> UploadLifecycle.Verdict.INFECTED;
            default -> throw ApiException.invalidField("verdict", "must be clean or infected");
        };
        return lifecycle.judge(current.team(), assetId, verdict, body.detail());
    }
}
