package dev.signet.ops;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.signet.storage.StorageService;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Readiness: PostgreSQL answers {@code SELECT 1} and the bucket answers a HEAD. Each outcome is kept for
 * {@code signet.health.cache} so that probes from many kubelets or load balancers cost one check per period;
 * both checks are non-blocking and time out rather than hang a probe.
 */
public final class ReadinessChecks {

    private ReadinessChecks() {
    }

    static Uni<HealthCheckResponse> cached(String name, Supplier<Uni<?>> check, Duration timeout, Duration cache) {
        return Uni.createFrom().deferred(() -> check.get()
                .ifNoItem().after(timeout).fail()
                .map(ignored -> HealthCheckResponse.up(name))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(name).down()
                        .withData("error", failure.getClass().getSimpleName()).build()))
                .memoize().atLeast(cache);
    }

    @Readiness
    @ApplicationScoped
    public static class Database implements AsyncHealthCheck {

        private final Uni<HealthCheckResponse> check;

        public Database(Pool pool, @ConfigProperty(name = "signet.health.timeout") Duration timeout,
                @ConfigProperty(name = "signet.health.cache") Duration cache) {
            this.check = cached("postgresql", () -> pool.query("SELECT 1").execute(), timeout, cache);
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            return check;
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Bucket implements AsyncHealthCheck {

        private final Uni<HealthCheckResponse> check;

        public Bucket(StorageService storage, @ConfigProperty(name = "signet.health.timeout") Duration timeout,
                @ConfigProperty(name = "signet.health.cache") Duration cache) {
            this.check = cached("bucket", storage::checkBucket, timeout, cache);
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            return check;
        }
    }
}
