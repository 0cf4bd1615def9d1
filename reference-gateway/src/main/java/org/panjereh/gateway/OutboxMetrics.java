package org.panjereh.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.ToDoubleFunction;
import org.panjereh.events.DeliveryMetrics;

/**
 * The event outbox in Prometheus form ({@code /q/metrics}): what waits, what the platform took, what was
 * refused, how old the oldest waiting record is, and whether the circuit toward the platform is open.
 * The 24×7 monitoring the council asks for (مصوبه جلسه ۲۲) alerts on these.
 */
@Singleton
public class OutboxMetrics {

    @Inject
    Agency agency;
    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent e) {
        gauge("panjereh.outbox.pending", "Records stored and not yet accepted by the platform", DeliveryMetrics::pending);
        gauge("panjereh.outbox.delivered", "Records the platform accepted since start", DeliveryMetrics::delivered);
        gauge("panjereh.outbox.duplicates", "Records the platform already had", DeliveryMetrics::duplicates);
        gauge("panjereh.outbox.rejected", "Records parked as dead letters since start", DeliveryMetrics::rejected);
        gauge("panjereh.outbox.oldest.pending.seconds", "Age of the oldest waiting record",
                m -> m.oldestPendingAge().toMillis() / 1000.0);
        gauge("panjereh.outbox.circuit.open", "1 while deliveries to the platform are suspended",
                m -> "CLOSED".equals(m.circuitState()) ? 0 : 1);
    }

    private void gauge(String name, String help, ToDoubleFunction<DeliveryMetrics> f) {
        Gauge.builder(name, agency, a -> f.applyAsDouble(a.events().metrics())).description(help).register(registry);
    }
}
