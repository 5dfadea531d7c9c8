package dev.signet.access;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The identity provider's key set at {@code /q/health/well}. Not a readiness check: while the provider is
 * down, API keys and tokens signed with known keys still work, so replicas must stay in service.
 */
@Wellness
@ApplicationScoped
public class JwksHealthCheck implements HealthCheck {

    private final RemoteJwks jwks;

    public JwksHealthCheck(RemoteJwks jwks) {
        this.jwks = jwks;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("jwks");
        if (!jwks.enabled()) {
            return response.up().withData("keys", "configured locally").build();
        }
        jwks.age().ifPresent(age -> response.withData("age_seconds", age.toSeconds()));
        return response.status(
                        !Boolean.FALSE.equals(jwks.reachable()) && jwks.age().isPresent())
                .build();
    }
}
