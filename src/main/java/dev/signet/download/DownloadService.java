package dev.signet.download;

import dev.signet.access.TeamContext;
import dev.signet.asset.AssetKind;
import dev.signet.asset.AssetRepository;
import dev.signet.asset.ReadyObjects;
import dev.signet.download.DownloadDtos.SignedUrlResponse;
import dev.signet.download.DownloadDtos.WorkflowDownloadResponse;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.http.ContentDisposition;
import dev.signet.http.Outages;
import dev.signet.http.StorageInputs;
import dev.signet.storage.ObjectKeys;
import dev.signet.storage.StorageService;
import dev.signet.storage.StorageService.DownloadUrl;
import dev.signet.workflow.WorkflowRepository;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/** The three ways to download: a team path (000), a workflow resource (001), a public object key (004). */
@ApplicationScoped
public class DownloadService {

    public static final int DEFAULT_EXPIRES_IN = 3600;

    private final StorageService storage;
    private final AssetRepository assets;
    private final ReadyObjects readyObjects;
    private final WorkflowRepository workflows;
    private final Outages outages;

    public DownloadService(
            StorageService storage,
            AssetRepository assets,
            ReadyObjects readyObjects,
            WorkflowRepository workflows,
            Outages outages) {
        this.storage = storage;
        this.assets = assets;
        this.readyObjects = readyObjects;
        this.workflows = workflows;
        this.outages = outages;
    }

    /** Reference 000: a signed GET for an existing object inside the caller's team namespace. */
    public Uni<SignedUrlResponse> signedUrl(TeamContext team, String objectPath, Integer expiresIn) {
        String key = StorageInputs.requireKeyFits(
                "object_path",
                ObjectKeys.teamKey(team.teamId(), StorageInputs.requireRelativePath("object_path", objectPath)));
        int seconds = expiresIn == null ? DEFAULT_EXPIRES_IN : expiresIn;
        StorageInputs.requireTtl("expires_in", Duration.ofSeconds(seconds));
        // an asset waiting for its scan is not served (issue 21), whatever storage holds
        return readyObjects
                .isScanning(key)
                .chain(scanning -> {
                    if (scanning) {
                        throw ErrorCode.ASSET_SCANNING.exception();
                    }
                    return storage.exists(key);
                })
                .map(exists -> {
                    if (!exists) {
                        throw ErrorCode.OBJECT_PATH_NOT_FOUND.exception(objectPath);
                    }
                    DownloadUrl url = storage.presignDownload(key, Duration.ofSeconds(seconds));
                    return new SignedUrlResponse(objectPath, url.url(), seconds);
                });
    }

    /**
     * Reference 001. Uploads are the workflow's ready input assets with that file name; artifacts are
     * looked for at the workflow's artifact prefix first, then among its ready output assets.
     */
    public Uni<WorkflowDownloadResponse> workflowDownload(TeamContext team, String resourceUri) {
        WorkflowUri uri = WorkflowUri.parse(resourceUri);
        String traceId = Span.current().getSpanContext().getTraceId();
        UUID workflowId = uri.workflowId();
        return Panache.withSession(() -> workflows.existsInTeam(workflowId, team.teamId()))
                .chain(mine -> {
                    if (!mine) {
                        // also for workflows that do not exist: no answer tells another team's ids apart
                        throw ErrorCode.WORKFLOW_ACCESS_DENIED.exception(resourceUri);
                    }
                    return uri.type().equals("uploads")
                            ? fromAssets(workflowId, AssetKind.INPUT, uri.filename())
                            : artifact(team, workflowId, uri.filename());
                })
                .map(key -> {
                    if (key == null) {
                        throw ErrorCode.WORKFLOW_RESOURCE_NOT_FOUND.exception(resourceUri);
                    }
                    DownloadUrl url =
                            storage.presignDownload(key, storage.config().downloadUrlTtl());
                    return new WorkflowDownloadResponse(
                            url.url(), url.expiresAt(), resourceUri, uri.filename(), traceId, workflowId.toString());
                })
                .onFailure(outages::report)
                .transform(e -> ErrorCode.DOWNLOAD_URL_UNAVAILABLE.exception());
    }

    private Uni<String> artifact(TeamContext team, UUID workflowId, String filename) {
        String key = ObjectKeys.artifactPrefix(team.teamId(), workflowId) + filename;
        return storage.head(key)
                .chain(object -> object.isPresent()
                        ? Uni.createFrom().item(key)
                        : fromAssets(workflowId, AssetKind.OUTPUT, filename));
    }

    /** The newest ready asset of the workflow with that kind and name, if its object is really there. */
    private Uni<String> fromAssets(UUID workflowId, AssetKind kind, String filename) {
        return Panache.withSession(() -> assets.findReadyFile(workflowId, kind, filename))
                .chain(asset -> asset == null
                        ? scanningRefusal(workflowId, kind, filename)
                        : storage.head(asset.objectKey).map(object -> object.isPresent() ? asset.objectKey : null));
    }

    /** No ready file: a 409 {@code asset_scanning} when one waits for its scan (issue 21), else not found (null). */
    private Uni<String> scanningRefusal(UUID workflowId, AssetKind kind, String filename) {
        return Panache.withSession(() -> assets.hasScanningFile(workflowId, kind, filename))
                .map(scanning -> {
                    if (scanning) {
                        throw ErrorCode.ASSET_SCANNING.exception();
                    }
                    return null;
                });
    }

    /** The public download's {@code redirect} parameter: absent or {@code true} redirects. */
    public static boolean redirect(String value) {
        if (value == null || value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw ApiException.invalidField("redirect", "must be true or false");
    }

    /** Reference 004: where to redirect a public download, or 404 unless a ready asset has that key. */
    public Uni<DownloadUrl> publicDownload(String objectKey, String type) {
        if (objectKey == null || objectKey.isBlank()) {
            throw ApiException.invalidField("objectKey", "is required");
        }
        String disposition = type == null ? "attachment" : type;
        if (!disposition.equals("attachment") && !disposition.equals("inline")) {
            throw ApiException.invalidField("type", "must be attachment or inline");
        }
        return readyObjects
                .find(objectKey)
                .call(asset -> asset != null
                        ? Uni.createFrom().voidItem()
                        // not ready: a scanning asset is "not yet" (issue 21), anything else (quarantined too) not
                        // found
                        : readyObjects.isScanning(objectKey).invoke(scanning -> {
                            if (scanning) {
                                throw ErrorCode.ASSET_SCANNING.exception();
                            }
                        }))
                .map(asset -> {
                    if (asset == null) {
                        throw ErrorCode.PUBLIC_OBJECT_NOT_FOUND.exception();
                    }
                    String name = asset.fileName() != null
                            ? asset.fileName()
                            : objectKey.substring(objectKey.lastIndexOf('/') + 1);
                    return storage.presignDownload(
                            objectKey, storage.config().downloadUrlTtl(), ContentDisposition.of(disposition, name));
                });
    }
}
