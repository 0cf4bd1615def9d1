package org.panjereh.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.PortalDriver;
import org.panjereh.core.TrackingId;

/**
 * The rules {@code identity.foreign-nationals} and {@code identity.legal-representation} (آیین‌نامه ۱۴۰۳، ماده ۱ بند
 * ۱۰): people who are not Iranian natural persons are served end to end where the service's card admits them, a
 * company only through a representative the registry confirms, and every refusal is a page in Persian, with no tracking
 * id taken from the platform for it.
 */
final class IdentityChecks {

    /** Logs a sandbox test person in at the portal. */
    interface Login {
        PortalBrowser as(String person) throws IOException, Checks.Broken;
    }

    private final SandboxAdmin sandbox;
    private final PortalDriver driver;
    private final Duration wait;
    private final Login login;

    IdentityChecks(SandboxAdmin sandbox, PortalDriver driver, Duration wait, Login login) {
        this.sandbox = sandbox;
        this.driver = driver;
        this.wait = wait;
        this.login = login;
    }

    void foreignNationals(PortalDriver.ForeignNationalProbe p) throws Checks.Broken, IOException, InterruptedException {
        PortalBrowser foreigner = login.as(p.person());
        PortalDriver.Application admitted = driver.applyFor(foreigner, p.admitted());
        TrackingId t = admitted.trackingId().orElseThrow(() -> new Checks.Broken("A foreign national (" + p.person() + ") was "
                + "refused service " + p.admitted() + ", whose card admits foreign nationals: " + excerpt(admitted.page())));
        issuedByPlatform(t, p.admitted());
        List<JsonNode> started = waitFor("event", e -> e.path("subject").asText().equals(t.value())
                && e.path("type").asText().equals("ir.gov.service.started"));
        if (started.isEmpty()) {
            throw new Checks.Broken("The foreign national's request " + t.value() + " sent no started event to the platform");
        }
        refused(foreigner, p.person(), p.notAdmitted(), "whose card does not admit foreign nationals");
    }

    void representation(PortalDriver.RepresentationProbe p) throws Checks.Broken, IOException, InterruptedException {
        PortalDriver.Application applied = driver.applyFor(login.as(p.director()), p.service());
        TrackingId t = applied.trackingId().orElseThrow(() -> new Checks.Broken("The company's director (" + p.director()
                + "), confirmed by the registry, was refused service " + p.service() + ": " + excerpt(applied.page())));
        issuedByPlatform(t, p.service());
        List<JsonNode> notices = waitFor("message", m -> m.path("trackingId").asText().equals(t.value())
                && m.path("recipient").hasNonNull("legalEntityId"));
        if (notices.isEmpty()) {
            throw new Checks.Broken("No notice of the company's request " + t.value() + " reached the company's message box "
                    + "(a message whose recipient is its legalEntityId)");
        }
        refused(login.as(p.outOfScope()), p.outOfScope(), p.outOfScopeService(),
                "which the representative's powers at the registry do not cover");
        refused(login.as(p.ended()), p.ended(), p.service(), "although the representative's powers have ended");
    }

    private void refused(PortalBrowser person, String who, String service, String why) throws Checks.Broken, IOException {
        Instant before = Instant.now();
        PortalDriver.Application a = driver.applyFor(person, service);
        if (a.trackingId().isPresent()) {
            throw new Checks.Broken(who + " got tracking id " + a.trackingId().get().value() + " for service " + service + ", "
                    + why);
        }
        if (a.page().status() < 400 || !a.page().text().matches("(?s).*[\\u0600-\\u06FF].*")) {
            throw new Checks.Broken(who + " applying for service " + service + ", " + why + ", was not refused with a Persian "
                    + "message: " + excerpt(a.page()));
        }
        for (JsonNode issued : sandbox.record("tracking")) {
            // The kit applies one person at a time: an id for this service issued meanwhile was taken for this application.
            if (issued.path("serviceId").asText().equals(service) && !Instant.parse(issued.path("time").asText()).isBefore(before)) {
                throw new Checks.Broken("A tracking id was taken from the platform for " + who + "'s refused application for "
                        + service);
            }
        }
    }

    private void issuedByPlatform(TrackingId t, String service) throws Checks.Broken, IOException {
        if (!TrackingId.isValid(t.value())) {
            throw new Checks.Broken("The tracking id " + t.value() + " has wrong check digits");
        }
        boolean issued = sandbox.record("tracking").stream().anyMatch(r -> r.path("trackingId").asText().equals(t.value())
                && r.path("serviceId").asText().equals(service));
        if (!issued) {
            throw new Checks.Broken("Tracking id " + t.value() + " was not issued by the platform for service " + service);
        }
    }

    private List<JsonNode> waitFor(String kind, java.util.function.Predicate<JsonNode> mine)
            throws IOException, InterruptedException {
        return sandbox.await(kind, mine, found -> !found.isEmpty(), wait);
    }

    private static String excerpt(PortalBrowser.Page p) {
        String t = p.text();
        URI u = p.url();
        return "[" + p.status() + " " + u.getPath() + "] " + (t.length() > 200 ? t.substring(0, 200) + "…" : t);
    }
}
