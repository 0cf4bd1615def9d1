package org.panjereh.inquiry;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.panjereh.core.ServiceId;

/**
 * The company registry's answer about a representative (power of representation, as the EUDI wallet's
 * credential has it: scope and dates, not mere existence).
 *
 * @param authorised whether the registry confirms the representation today (the company active, the dates current)
 * @param role       the role, e.g. «مدیرعامل»
 * @param fullPowers whether the powers cover every service
 * @param services   the services covered when not {@code fullPowers}
 * @param from       first day of the powers
 * @param until      last day of the powers
 */
public record Representation(boolean authorised, String role, boolean fullPowers, List<ServiceId> services, LocalDate from,
                             LocalDate until) {

    /** Requires the dates and freezes the list. */
    public Representation {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        services = services == null ? List.of() : List.copyOf(services);
    }

    /**
     * @param service the service applied for
     * @param today   today, in Tehran
     * @return whether these powers let the person apply for that service today
     */
    public boolean covers(ServiceId service, LocalDate today) {
        return authorised && !today.isBefore(from) && !today.isAfter(until) && (fullPowers || services.contains(service));
    }
}
