package dev.signet.asset;

import dev.signet.common.PoolQueries;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/** Ready assets by object key, for reference 004's public download (a hot, unauthenticated read path). */
@ApplicationScoped
public class ReadyObjects {

    /** Ready assets by object key (positive answers only): see {@link #find(String)}. */
    public static final String CACHE = "ready-objects";

    private final Pool pool;
    private final CaffeineCache ready;

    public ReadyObjects(Pool pool, @CacheName(CACHE) Cache ready) {
        this.pool = pool;
        this.ready = ready.as(CaffeineCache.class);
    }

    /** A ready asset as the public download needs it. */
    public record ReadyObject(String fileName) {}

    /**
     * The ready asset stored under this key, or null: one prepared SELECT on the plain reactive client
     * (the public download is a hot path and needs no entity). A found asset is remembered for a few
     * seconds ({@code ready-objects} cache); "not found" never is, so an asset is served as soon as it is
     * confirmed. Deleting evicts the key on this replica at once ({@link #forget(String)}); elsewhere a
     * stale answer lasts at most the cache's expiry and redirects to an object storage no longer has.
     */
    public Uni<ReadyObject> find(String objectKey) {
        CompletableFuture<Object> known = ready.getIfPresent(objectKey);
        if (known != null) {
            return Uni.createFrom().completionStage(known).map(ReadyObject.class::cast);
        }
        return PoolQueries.execute(
                        pool,
                        "SELECT file_name FROM assets WHERE object_key = $1 AND state = $2",
                        Tuple.of(objectKey, AssetState.READY.wire()))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    ReadyObject found = new ReadyObject(it.next().getString("file_name"));
                    ready.put(objectKey, CompletableFuture.completedFuture(found));
                    return found;
                });
    }

    /** The asset under this key is no longer ready (deleted): stop serving it from the cache. */
    public Uni<Void> forget(String objectKey) {
        return ready.invalidate(objectKey);
    }
}
