package org.panjereh.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.PortalDriver;
import org.panjereh.core.JalaliMonth;

/**
 * The rule {@code report.monthly} (contract section 13; آیین‌نامه ۱۴۰۳، ماده ۹): after the kit's journey the portal
 * reports the month so far, and for each service the kit used, the requests it reports received equal the tracking ids
 * the platform issued to it for that service this month, and the requests it reports delivered equal the delivered
 * events the platform holds. Both sides are the platform's record of what the portal did, so a report made from
 * anything but the portal's own records shows.
 */
final class ReportChecks {

    private final SandboxAdmin sandbox;
    private final PortalDriver driver;
    private final Duration wait;

    ReportChecks(SandboxAdmin sandbox, PortalDriver driver, Duration wait) {
        this.sandbox = sandbox;
        this.driver = driver;
        this.wait = wait;
    }

    void monthly(PortalBrowser staff) throws Checks.Broken, IOException, InterruptedException {
        JalaliMonth month = JalaliMonth.containing(Instant.now());
        if (!driver.reportMonthSoFar(staff)) {
            throw new Checks.Broken("not applicable: the portal's driver sends no monthly report (PortalDriver.reportMonthSoFar)");
        }
        // Delivered events may still be on their way from the portal's outbox.
        List<String> problems = sandbox.awaitSettled(() -> compare(month), List::isEmpty, wait, Duration.ofMillis(200));
        if (problems.isEmpty()) {
            return;
        }
        throw new Checks.Broken(String.join("; ", problems));
    }

    private List<String> compare(JalaliMonth month) throws IOException {
        JsonNode report = null;
        for (JsonNode r : sandbox.record("report")) {
            if (r.path("month").asText().equals(month.toString())) {
                report = r.path("report"); // the latest version wins: the record is in arrival order
            }
        }
        if (report == null) {
            return List.of("The portal said it sent month " + month + ", but no report of it reached the platform");
        }
        String agency = report.path("agencyId").asText();
        List<String> out = new ArrayList<>();
        for (String serviceId : driver.offeredServices()) {
            long issued = sandbox.record("tracking").stream().filter(t -> t.path("agencyId").asText().equals(agency)
                    && t.path("serviceId").asText().equals(serviceId) && within(t, month)).count();
            long delivered = sandbox.record("event").stream().filter(e -> e.path("agencyId").asText().equals(agency)
                    && e.path("type").asText().equals("ir.gov.service.delivered")
                    && e.path("data").path("serviceId").asText().equals(serviceId) && within(e, month)).count();
            JsonNode figures = null;
            for (JsonNode s : report.path("services")) {
                if (s.path("serviceId").asText().equals(serviceId)) {
                    figures = s;
                }
            }
            if (figures == null) {
                if (issued > 0) {
                    out.add("The report of " + month + " has no figures for service " + serviceId + ", for which the platform "
                            + "issued " + issued + " tracking ids this month");
                }
                continue;
            }
            long received = 0;
            for (JsonNode n : figures.path("received")) {
                received += n.asLong();
            }
            if (received != issued) {
                out.add("The report of " + month + " says service " + serviceId + " received " + received + " requests; the "
                        + "platform issued " + issued + " tracking ids for it this month");
            }
            if (figures.path("delivered").asLong() != delivered) {
                out.add("The report of " + month + " says service " + serviceId + " delivered " + figures.path("delivered").asLong()
                        + "; the platform holds " + delivered + " delivered events for it this month");
            }
        }
        return out;
    }

    private static boolean within(JsonNode entry, JalaliMonth month) {
        Instant at = Instant.parse(entry.path("time").asText());
        return !at.isBefore(month.start()) && at.isBefore(month.end());
    }
}
