package dev.signet.link;

import dev.signet.access.TeamContext;
import dev.signet.asset.AssetRepository;
import dev.signet.asset.AssetState;
import dev.signet.common.Ids;
import dev.signet.common.Secrets;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.http.ContentDisposition;
import dev.signet.http.Page;
import dev.signet.http.StorageInputs;
import dev.signet.link.LinkDtos.CreateLink;
import dev.signet.link.LinkDtos.CreatedLink;
import dev.signet.link.LinkDtos.LinkPage;
import dev.signet.link.LinkDtos.LinkUse;
import dev.signet.link.LinkDtos.LinkUsePage;
import dev.signet.link.LinkDtos.LinkView;
import dev.signet.ops.SignetMetrics;
import dev.signet.storage.StorageService;
import dev.signet.storage.StorageService.DownloadUrl;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Download links: made for a team's ready asset, checked and counted on every use ({@link #use}), revoked at once.
 * Nothing on the use's path is cached, so a revoke (or an asset's deletion) refuses the next use on every replica.
 */
@ApplicationScoped
public class LinkService {

    private final LinkRepository links;
    private final AssetRepository assets;
    private final StorageService storage;
    private final LinkConfig config;
    private final SignetMetrics metrics;
    private final LinkUseLog useLog;

    public LinkService(
            LinkRepository links,
            LinkUseLog useLog,
            AssetRepository assets,
            StorageService storage,
            LinkConfig config,
            SignetMetrics metrics) {
        this.links = links;
        this.useLog = useLog;
        this.assets = assets;
        this.storage = storage;
        this.config = config;
        this.metrics = metrics;
    }

    /** Makes a link for a ready asset of the team; {@code base} is Signet's public URL (no trailing slash). */
    public Uni<CreatedLink> create(TeamContext team, CreateLink request, String base) {
        Instant now = Ids.now();
        Instant expiresAt = request.expiresAt();
        if (!expiresAt.isAfter(now)) {
            throw ApiException.invalidField("expires_at", "must be in the future");
        }
        if (expiresAt.isAfter(now.plus(config.maxLifetime()))) {
            throw ApiException.invalidField(
                    "expires_at", "must be at most " + lifetime() + " ahead (signet.links.max-lifetime)");
        }
        if (request.maxUses() != null && request.maxUses() < 1) {
            throw ApiException.invalidField("max_uses", "must be at least 1 (leave it out for unlimited uses)");
        }
        List<String> allowedIps = LinkRules.allowedIps(request.allowedIps());
        String fileNameOverride =
                request.fileName() == null ? null : StorageInputs.requireFileName("file_name", request.fileName());
        LinkDisposition disposition =
                request.disposition() == null ? LinkDisposition.ATTACHMENT : request.disposition();
        String token = LinkRules.newToken();
        return Panache.withSession(() -> assets.findInTeam(request.assetId(), team.teamId()))
                .chain(asset -> {
                    if (asset == null) {
                        throw ErrorCode.ASSET_NOT_FOUND.exception();
                    }
                    if (asset.state != AssetState.READY) {
                        throw ErrorCode.LINK_ASSET_NOT_READY.exception(asset.state.wire());
                    }
                    String fileName = fileNameOverride != null
                            ? fileNameOverride
                            : asset.fileName != null
                                    ? asset.fileName
                                    : asset.objectKey.substring(asset.objectKey.lastIndexOf('/') + 1);
                    return links.insert(
                            Ids.newId(),
                            team.teamId(),
                            asset.id,
                            Secrets.hash(token),
                            Ids.truncate(expiresAt),
                            request.maxUses(),
                            allowedIps,
                            disposition,
                            fileName,
                            team.caller().actor());
                })
                .map(view -> CreatedLink.of(view, base + "/l/" + token));
    }

    public Uni<LinkView> get(TeamContext team, UUID id) {
        return links.find(team.teamId(), id).map(LinkService::found);
    }

    public Uni<LinkPage> list(TeamContext team, UUID assetId, Page page) {
        UUID before = page.after(UUID::fromString);
        return links.page(team.teamId(), assetId, before, page.rowsToRead()).map(rows -> {
            Page.Slice<LinkView> slice = page.slice(rows, LinkView::id);
            return new LinkPage(slice.items(), slice.next());
        });
    }

    /** Revokes the link: the next use is refused, on every replica (nothing on the use's path is cached). */
    public Uni<LinkView> revoke(TeamContext team, UUID id) {
        return links.revoke(team.teamId(), id).map(LinkService::found);
    }

    /** The link's audit trail, newest first. */
    public Uni<LinkUsePage> uses(TeamContext team, UUID id, Page page) {
        Long before = page.after(Long::valueOf);
        return get(team, id)
                .chain(link -> links.uses(id, before, page.rowsToRead()))
                .map(rows -> {
                    Page.Slice<Map.Entry<Long, LinkUse>> slice = page.slice(rows, Map.Entry::getKey);
                    return new LinkUsePage(
                            slice.items().stream().map(Map.Entry::getValue).toList(), slice.next());
                });
    }

    /**
     * One use of {@code token} by a caller at {@code ip}: logged and counted, then a presigned GET (HEAD for
     * {@code head}) of {@code signet.links.redirect-ttl}. Refused: 404 for an unknown token or an address outside
     * the link's {@code allowed_ips}, 410 for a link revoked, expired, used up, or whose asset is gone.
     * <p>
     * Every use reads the link as committed now, so a revoke refuses the next use on every replica. A link with
     * {@code max_uses} is then used under its row's lock, logged and counted before the answer (exactly
     * {@code max_uses} redirects); one without is answered from the read and logged right behind ({@link LinkUseLog}),
     * unless {@code signet.links.log-before-redirect} asks for every link to be used as the limited ones.
     */
    public Uni<DownloadUrl> use(String token, String ip, String userAgent, boolean head) {
        if (!LinkRules.wellFormed(token)) {
            return Uni.createFrom().failure(ErrorCode.PUBLIC_LINK_NOT_FOUND.exception());
        }
        String hash = Secrets.hash(token);
        String caller = LinkRules.callerIp(ip);
        String agent = LinkRules.userAgent(userAgent);
        boolean events = config.useEvents();
        if (config.logBeforeRedirect()) {
            return links.use(hash, caller, agent, events).map(use -> answer(use, head));
        }
        Instant at = Instant.now();
        return links.check(hash, caller).chain(check -> {
            if (check == null) {
                throw ErrorCode.PUBLIC_LINK_NOT_FOUND.exception();
            }
            if (check.limited()) {
                return links.use(hash, caller, agent, events).map(use -> answer(use, head));
            }
            LinkOutcome outcome = check.refused() == null ? LinkOutcome.REDIRECTED : check.refused();
            if (!useLog.add(new LinkRepository.LoggedUse(check.linkId(), at, caller, agent, outcome, events))) {
                throw ErrorCode.SERVICE_UNAVAILABLE.exception();
            }
            return Uni.createFrom()
                    .item(answer(
                            new LinkRepository.UseResult(
                                    outcome, outcome == LinkOutcome.REDIRECTED ? check.redirect() : null),
                            head));
        });
    }

    private DownloadUrl answer(LinkRepository.UseResult use, boolean head) {
        if (use.outcome() == null) {
            throw ErrorCode.PUBLIC_LINK_NOT_FOUND.exception();
        }
        metrics.linkUse(use.outcome().wire());
        return switch (use.outcome()) {
            case REDIRECTED -> {
                LinkRepository.Redirect redirect = use.redirect();
                String disposition =
                        ContentDisposition.of(redirect.disposition().wire(), redirect.fileName());
                yield head
                        ? storage.presignHead(redirect.objectKey(), config.redirectTtl(), disposition)
                        : storage.presignDownload(redirect.objectKey(), config.redirectTtl(), disposition);
            }
            case IP_REFUSED -> throw ErrorCode.PUBLIC_LINK_NOT_FOUND.exception();
            default -> throw ErrorCode.LINK_GONE.exception();
        };
    }

    private String lifetime() {
        var max = config.maxLifetime();
        return max.toSeconds() % 86400 == 0 ? max.toDays() + " days" : max.toString();
    }

    private static LinkView found(LinkView view) {
        if (view == null) {
            throw ErrorCode.LINK_NOT_FOUND.exception();
        }
        return view;
    }
}
