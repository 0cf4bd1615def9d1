package org.panjereh.spring.boot.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformDiscovery;

/**
 * What a health indicator reports, apart from Spring Boot's types (which moved between Boot 3 and Boot 4): a
 * status code and details. Each part the SDK reports on has its own small class below, so that a class naming
 * {@code sdk-events} or {@code sdk-inquiry} is loaded only when that module is present.
 *
 * @param status  {@code UP}, {@code DOWN} or {@code DEGRADED}
 * @param details the details, without personal data
 */
public record HealthReport(String status, Map<String, Object> details) {

    /** Works, with delays: records wait, or a provider's circuit is open. Not DOWN: the outbox keeps what waits. */
    public static final String DEGRADED = "DEGRADED";

    /** The platform's metadata can be read. */
    public static final class Platform {
        private Platform() {
        }

        /**
         * @param discovery the platform's discovery
         * @return its report
         */
        public static HealthReport of(PlatformDiscovery discovery) {
            Map<String, Object> d = new LinkedHashMap<>();
            try {
                d.put("issuer", discovery.metadata().issuer().toString());
                return new HealthReport("UP", d);
            } catch (PanjerehException e) {
                // The exception's type only: enough to act on, and never an answer's content.
                d.put("issuer", discovery.issuer().toString());
                d.put("error", e.getClass().getSimpleName());
                return new HealthReport("DOWN", d);
            }
        }
    }

    /** The outbox's backlog and the age of its oldest undelivered record. */
    public static final class Outbox {
        private Outbox() {
        }

        /**
         * @param publisher the event publisher
         * @param maxAge    the oldest age tolerated before DEGRADED
         * @return its report
         */
        public static HealthReport of(org.panjereh.events.ServiceEventPublisher publisher, Duration maxAge) {
            org.panjereh.events.DeliveryMetrics m = publisher.metrics();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("backlog", m.pending());
            d.put("oldestAgeSeconds", m.oldestPendingAge().toSeconds());
            d.put("delivered", m.delivered());
            d.put("rejected", m.rejected());
            d.put("circuit", m.circuitState());
            return new HealthReport(m.oldestPendingAge().compareTo(maxAge) > 0 ? DEGRADED : "UP", d);
        }
    }

    /** The exchange's circuit toward each typed service. */
    public static final class Exchange {
        private Exchange() {
        }

        /**
         * @param exchange the exchange client
         * @return its report
         */
        public static HealthReport of(org.panjereh.inquiry.NationalExchange exchange) {
            Map<String, String> circuits = new LinkedHashMap<>();
            for (org.panjereh.inquiry.ExchangeService s : List.of(org.panjereh.inquiry.ExchangeService.PERSON_IDENTITY,
                    org.panjereh.inquiry.ExchangeService.ADDRESS_BY_POSTCODE, org.panjereh.inquiry.ExchangeService.LEGAL_ENTITY,
                    org.panjereh.inquiry.ExchangeService.MOBILE_OWNERSHIP)) {
                circuits.put(s.provider() + "/" + s.service(), exchange.circuitState(s));
            }
            return new HealthReport(circuits.containsValue("OPEN") ? DEGRADED : "UP", Map.of("circuits", circuits));
        }
    }
}
