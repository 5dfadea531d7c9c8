package dev.signet.asset;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/**
 * Ready assets by object key, for reference 004's public download (a hot, unauthenticated read path): a read model
 * over {@link AssetRepository#findReadyByKey(String)} with a short cache in front.
 */
@ApplicationScoped
public class ReadyObjects {

    /** Ready assets by object key (positive answers only): see {@link #find(String)}. */
    public static final String CACHE = "ready-objects";

    private final AssetRepository assets;
    private final CaffeineCache ready;

    public ReadyObjects(AssetRepository assets, @CacheName(CACHE) Cache ready) {
        this.assets = assets;
        this.ready = ready.as(CaffeineCache.class);
    }

    /** A ready asset as the public download needs it. */
    public record ReadyObject(String fileName) {}

    /**
     * The ready asset stored under this key, or null (one SELECT, no entity). A found asset is remembered for a few
     * seconds ({@code ready-objects} cache); "not found" never is, so an asset is served as soon as it is
     * confirmed. Deleting evicts the key on this replica at once ({@link #forget(String)}); elsewhere a
     * stale answer lasts at most the cache's expiry and redirects to an object storage no longer has.
     */
    public Uni<ReadyObject> find(String objectKey) {
        CompletableFuture<Object> known = ready.getIfPresent(objectKey);
        if (known != null) {
            return Uni.createFrom().completionStage(known).map(ReadyObject.class::cast);
        }
        return assets.findReadyByKey(objectKey).invoke(found -> {
            if (found != null) {
                ready.put(objectKey, CompletableFuture.completedFuture(found));
            }
        });
    }

    /** The asset under this key is no longer ready (deleted): stop serving it from the cache. */
    public Uni<Void> forget(String objectKey) {
        return ready.invalidate(objectKey);
    }

    /** Whether the asset under this key waits for its scan (issue 21): never cached, asked only when none is ready. */
    public Uni<Boolean> isScanning(String objectKey) {
        return assets.isScanningKey(objectKey);
    }
}
