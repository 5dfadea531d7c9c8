package dev.signet.support;

import io.quarkus.arc.Arc;
import io.quarkus.cache.CacheManager;
import io.quarkus.cache.CaffeineCache;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The app's Caffeine caches as a test sees them. A test that waits for a cached entry to expire shortens the cache's
 * time to live for itself ({@link #withTtl}) rather than for the whole test profile: the other tests keep the
 * configured one, and with it the power of their "evicted at once" checks (which a short time to live would let
 * pass without any eviction). A test that needs an entry to stay cached lengthens it the same way.
 */
public final class Caches {

    private Caches() {}

    /** The time to live of the app's cache {@code name}: {@code expire-after-write} in the running profile. */
    public static Duration ttl(String name) {
        return ConfigProvider.getConfig()
                .getValue("quarkus.cache.caffeine.\"" + name + "\".expire-after-write", Duration.class);
    }

    /**
     * Until closed, the app's cache {@code name} keeps entries {@code ttl}, those in it already too (Caffeine
     * compares an entry's age with the setting at the time it is read). Assert inside: once closed, an entry not
     * yet read since it expired under a shorter time to live is fresh again under the configured one.
     */
    public static Changed withTtl(String name, Duration ttl) {
        CaffeineCache cache = Arc.container()
                .instance(CacheManager.class)
                .get()
                .getCache(name)
                .orElseThrow(() -> new IllegalArgumentException("no cache " + name))
                .as(CaffeineCache.class);
        Duration configured = ttl(name);
        cache.setExpireAfterWrite(ttl);
        return new Changed(cache, ttl, configured);
    }

    /** A cache's time to live changed for a test; closing restores the configured one. */
    public record Changed(CaffeineCache cache, Duration ttl, Duration configured) implements AutoCloseable {

        @Override
        public void close() {
            cache.setExpireAfterWrite(configured);
        }
    }
}
