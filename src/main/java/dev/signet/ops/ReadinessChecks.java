package dev.signet.ops;

import dev.signet.common.PoolQueries;
import dev.signet.storage.StorageService;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: PostgreSQL answers {@code SELECT 1} and the bucket answers a HEAD. Each outcome is kept for
 * {@code signet.health.cache} so that probes from many kubelets or load balancers cost one check per period;
 * both checks are non-blocking and time out rather than hang a probe.
 */
public final class ReadinessChecks {

    private ReadinessChecks() {}

    /** A check whose outcome is kept for {@code cache} and which counts as DOWN after {@code timeout}. */
    abstract static class Cached implements AsyncHealthCheck {

        private final Uni<HealthCheckResponse> check;

        Cached(String name, Supplier<Uni<?>> probe, Duration timeout, Duration cache) {
            this.check = Uni.createFrom()
                    .deferred(() -> probe.get()
                            .ifNoItem()
                            .after(timeout)
                            .fail()
                            .map(ignored -> HealthCheckResponse.up(name))
                            .onFailure()
                            .recoverWithItem(failure -> HealthCheckResponse.named(name)
                                    .down()
                                    .withData("error", failure.getClass().getSimpleName())
                                    .build()))
                    .memoize()
                    .atLeast(cache);
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            return check;
        }
    }

    @Readiness
    @Singleton
    public static class Database extends Cached {

        public Database(
                Pool pool,
                @ConfigProperty(name = "signet.health.timeout") Duration timeout,
                @ConfigProperty(name = "signet.health.cache") Duration cache) {
            super("postgresql", () -> PoolQueries.execute(pool, "SELECT 1"), timeout, cache);
        }
    }

    @Readiness
    @Singleton
    public static class Bucket extends Cached {

        public Bucket(
                StorageService storage,
                @ConfigProperty(name = "signet.health.timeout") Duration timeout,
                @ConfigProperty(name = "signet.health.cache") Duration cache) {
            super("bucket", storage::checkBucket, timeout, cache);
        }
    }
}
