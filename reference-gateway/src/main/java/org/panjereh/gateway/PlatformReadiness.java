package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready}: DOWN until {@link GatewayStart} has connected the gateway to its platform. */
@Singleton
@Readiness
public class PlatformReadiness implements HealthCheck {

    @Inject
    GatewayStart start;

    @Override
    public HealthCheckResponse call() {
        return start.health();
    }
}
