package org.panjereh.examples.spring;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jsoup.nodes.Element;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.PortalDriver;
import org.panjereh.core.PersianText;
import org.panjereh.core.TrackingId;

/**
 * How the conformance kit uses this portal: apply for «درخواست مجوز رانندگی» (the birth date of the sandbox's
 * citizen-maryam), take the request through its examinations at the staff desk, and answer the survey offered on
 * the delivered request's page. The portal issues no signed documents and charges no fee, so those rules do not
 * apply. An agency writes one of these for its own portal.
 */
public class SpringPortalDriver implements PortalDriver {

    /** The driver of this example portal. */
    public SpringPortalDriver() {
    }

    @Override
    public String protectedPath() {
        return "/my";
    }

    @Override
    public String serviceId() {
        return "30301000001";
    }

    @Override
    public TrackingId apply(PortalBrowser citizen) throws IOException {
        PortalBrowser.Page form = citizen.open("/apply");
        Map<String, String> fields = new LinkedHashMap<>();
        if (form.first("input[name=birthDate]").isPresent()) {
            fields.put("birthDate", "۱۳۶۹/۰۲/۲۲");
        }
        PortalBrowser.Page done = citizen.submit(form, "main form", fields);
        Element shown = done.document().selectFirst("main .tracking");
        if (shown == null) {
            throw new IOException("No tracking id on " + done.url() + " (status " + done.status() + "): "
                    + done.text().substring(0, Math.min(300, done.text().length())));
        }
        return TrackingId.of(PersianText.toAsciiDigits(shown.text()).replaceAll("\\s", ""));
    }

    @Override
    public void deliver(PortalBrowser staff, TrackingId t) throws IOException {
        for (int i = 0; i < 10; i++) {
            PortalBrowser.Page desk = staff.open("/staff");
            String prefix = "form[action=/staff/requests/" + t.value() + "/";
            String action = desk.first(prefix + "advance]").isPresent() ? "advance" : "deliver";
            if (desk.first(prefix + action + "]").isEmpty()) {
                throw new IOException("Request " + t.value() + " is not on the staff desk " + desk.url() + " (status "
                        + desk.status() + ")");
            }
            staff.submit(desk, prefix + action + "]", Map.of());
            if (action.equals("deliver")) {
                return;
            }
        }
        throw new IOException("Request " + t.value() + " did not reach delivery in 10 steps");
    }

    @Override
    public Optional<PortalBrowser.Page> survey(PortalBrowser citizen, TrackingId t) throws IOException {
        PortalBrowser.Page request = citizen.open("/my/requests/" + t.value());
        Optional<Element> link = Optional.ofNullable(request.document().selectFirst("a[href*=/survey]"));
        if (link.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(citizen.open(link.get().absUrl("href")));
    }
}
