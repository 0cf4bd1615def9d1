package org.panjereh.conformance;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.jsoup.nodes.Element;
import org.panjereh.core.TrackingId;

/**
 * The driver for Panjereh's reference gateway: applies for «ثبت محل اقامت» (10101234568) with a postal code
 * the sandbox's post knows, moves the request through the staff console, and answers the survey offered on
 * the delivered request's page. A model for an agency's own driver.
 */
public class ReferenceGatewayDriver implements PortalDriver {

    private final String serviceId;
    private final String postalCode;
    private String paidServiceId = "10101234567";

    /** The reference gateway's residence service, with a postal code the sandbox knows. */
    public ReferenceGatewayDriver() {
        this("10101234568", "1991943711");
    }

    /**
     * @param serviceId  the service to apply for
     * @param postalCode the postal code to give
     */
    public ReferenceGatewayDriver(String serviceId, String postalCode) {
        this.serviceId = serviceId;
        this.postalCode = postalCode;
    }

    @Override
    public String serviceId() {
        return serviceId;
    }

    @Override
    public String protectedPath() {
        return "/my";
    }

    @Override
    public TrackingId apply(PortalBrowser citizen) throws IOException {
        Application done = applyFor(citizen, serviceId);
        return done.trackingId().orElseThrow(() -> new IOException("No tracking id on " + done.page().url() + " (status "
                + done.page().status() + "): " + done.page().text().substring(0, Math.min(300, done.page().text().length()))));
    }

    /** The form generated from the service's card, with the driver's postal code (and a birth date where asked). */
    @Override
    public Application applyFor(PortalBrowser person, String service) throws IOException {
        PortalBrowser.Page form = person.open("/apply/" + service);
        PortalBrowser.Page done = person.submit(form, "main form", Map.of("postalCode", postalCode, "birthDate", "1369/02/22"));
        Element shown = done.document().selectFirst("main .tracking");
        return new Application(done, shown == null ? Optional.empty()
                : Optional.of(TrackingId.of(org.panjereh.core.PersianText.toAsciiDigits(shown.text()).replaceAll("\\s", ""))));
    }

    /** citizen-ahmad (FIDA code) may register a residence (10101234568) but not a company (10101234569). */
    @Override
    public Optional<ForeignNationalProbe> foreignNationals() {
        return Optional.of(new ForeignNationalProbe("citizen-ahmad", "10101234568", "10101234569"));
    }

    /**
     * The sandbox's company 10380284790: citizen-sara, its director, registers it (10101234569); citizen-reza's powers
     * cover that service only, not the business permit (10101234567); citizen-neda's have ended.
     */
    @Override
    public Optional<RepresentationProbe> representation() {
        return Optional.of(new RepresentationProbe("citizen-sara", "10101234569", "citizen-reza", "10101234567", "citizen-neda"));
    }

    @Override
    public void deliver(PortalBrowser staff, TrackingId t) throws IOException {
        for (int i = 0; i < 20; i++) {
            PortalBrowser.Page console = staff.open("/staff");
            String base = "form[action=/staff/requests/" + t.value() + "/";
            String action = console.first(base + "advance]").isPresent() ? "advance" : "deliver";
            if (console.first(base + action + "]").isEmpty()) {
                throw new IOException("Request " + t.value() + " is not on the staff console " + console.url());
            }
            staff.submit(console, base + action + "]", Map.of());
            if (action.equals("deliver")) {
                return;
            }
        }
        throw new IOException("Request " + t.value() + " did not reach delivery in 20 steps");
    }

    /**
     * @param id the gateway's service with a fee («صدور پروانه کسب», 10101234567, by default), or {@code null} for none
     * @return this driver
     */
    public ReferenceGatewayDriver paidService(String id) {
        this.paidServiceId = id;
        return this;
    }

    @Override
    public Optional<String> paidServiceId() {
        return Optional.ofNullable(paidServiceId);
    }

    @Override
    public TrackingId applyForPaidService(PortalBrowser citizen) throws IOException {
        return new ReferenceGatewayDriver(paidServiceId, postalCode).apply(citizen);
    }

    @Override
    public java.net.URI startPayment(PortalBrowser citizen, TrackingId t) throws IOException {
        PortalBrowser.Page request = citizen.open("/my/requests/" + t.value());
        String form = "form[action=/my/requests/" + t.value() + "/pay]";
        if (request.first(form).isEmpty()) {
            throw new IOException("No pay button on " + request.url() + " (status " + request.status() + ")");
        }
        return payRedirect(citizen, request, form);
    }

    /** Submits the pay form without following the redirect: the national payment page is the kit's to open. */
    private static java.net.URI payRedirect(PortalBrowser citizen, PortalBrowser.Page request, String form) throws IOException {
        Element f = request.first(form).get();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        f.select("input[type=hidden]").forEach(i -> fields.put(i.attr("name"), i.attr("value")));
        PortalBrowser.Page answer = citizen.post(request.url().resolve(f.attr("action")).toString(), fields);
        if (answer.location() == null) {
            throw new IOException("Pressing pay on " + request.url() + " did not redirect (status " + answer.status() + "): "
                    + answer.text().substring(0, Math.min(300, answer.text().length())));
        }
        return answer.location();
    }

    @Override
    public PortalBrowser.Page enterReceipt(PortalBrowser citizen, TrackingId t, String rrn, long amountRial) throws IOException {
        PortalBrowser.Page request = citizen.open("/my/requests/" + t.value());
        return citizen.submit(request, "form[action=/my/requests/" + t.value() + "/receipt]",
                Map.of("rrn", rrn, "amount", Long.toString(amountRial)));
    }

    @Override
    public void reject(PortalBrowser staff, TrackingId t) throws IOException {
        PortalBrowser.Page console = staff.open("/staff");
        String form = "form[action=/staff/requests/" + t.value() + "/reject]";
        if (console.first(form).isEmpty()) {
            throw new IOException("Request " + t.value() + " is not on the staff console " + console.url());
        }
        staff.submit(console, form, Map.of());
    }

    /** Answers the kit's comment on the staff's feedback page, as noted. */
    @Override
    public boolean answerFeedback(PortalBrowser staff, TrackingId t) throws IOException {
        PortalBrowser.Page page = staff.open("/staff/feedback");
        String shown = t.toPersianDisplay();
        for (Element section : page.document().select("section")) {
            Element form = section.selectFirst("form[action^=/staff/feedback/]");
            if (form != null && section.text().contains(shown)) {
                staff.submit(page, "form[action=" + form.attr("action") + "]", Map.of("action", "noted",
                        "text", "نظر شما بررسی شد."));
                return true;
            }
        }
        throw new IOException("No unanswered comment of request " + t.value() + " on " + page.url());
    }

    /** «استعلام پروانه کسب»: the permit of the request the kit had delivered, by its verification code. */
    @Override
    public Optional<ProviderProbe> providerProbe(PortalBrowser citizen, TrackingId delivered) throws IOException {
        PortalBrowser.Page request = citizen.open("/my/requests/" + delivered.value());
        Optional<Element> verify = request.first("a[href^=/verify/]");
        if (verify.isEmpty()) {
            throw new IOException("No verification link on " + request.url() + ": the delivered request has no permit");
        }
        String code = verify.get().attr("href").substring("/verify/".length());
        return Optional.of(new ProviderProbe("business-permit", "99990000001", "{\"code\":\"" + code + "\"}"));
    }

    /** The staff console's table of calls from other agencies: answered, not found and refused, summed. */
    @Override
    public java.util.OptionalLong auditedCalls(PortalBrowser staff, String consumer) throws IOException {
        PortalBrowser.Page console = staff.open("/staff");
        String shown = org.panjereh.core.PersianText.toPersianDigits(consumer);
        for (Element row : console.document().select("section[aria-labelledby=exchange] tbody tr")) {
            Element th = row.selectFirst("th");
            if (th != null && th.text().strip().equals(shown)) {
                long sum = 0;
                for (Element td : row.select("td")) {
                    sum += Long.parseLong(org.panjereh.core.PersianText.toAsciiDigits(td.text().strip()));
                }
                return java.util.OptionalLong.of(sum);
            }
        }
        return java.util.OptionalLong.of(0);
    }

    /** The staff dashboard's "send again" with the month in progress, which the gateway sends as a provisional report. */
    @Override
    public boolean reportMonthSoFar(PortalBrowser staff) throws IOException {
        PortalBrowser.Page dashboard = staff.open("/staff/reports");
        String month = org.panjereh.core.JalaliMonth.containing(java.time.Instant.now()).toString();
        PortalBrowser.Page after = staff.submit(dashboard, "form[action=/staff/reports/send]", Map.of("month", month));
        if (after.status() != 200) {
            throw new IOException("Sending month " + month + " from /staff/reports answered " + after.status() + ": "
                    + after.text().substring(0, Math.min(300, after.text().length())));
        }
        return true;
    }

    /**
     * The gateway's outbox gauge {@code panjereh_outbox_pending} on {@code /q/metrics}: the rows of its outbox table,
     * each written in the transaction that acknowledged what caused it.
     */
    @Override
    public java.util.OptionalLong undeliveredRecords(PortalBrowser anyone) throws IOException {
        String metrics = new String(anyone.download("/q/metrics"), java.nio.charset.StandardCharsets.UTF_8);
        for (String line : metrics.split("\n")) {
            // Prometheus text format: the name, labels if the registry adds common tags, the value.
            if (line.startsWith("panjereh_outbox_pending ") || line.startsWith("panjereh_outbox_pending{")) {
                try {
                    double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
                    // Micrometer reports NaN when the gauge could not be read: that is "cannot tell", never zero.
                    return Double.isNaN(v) || v < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of((long) v);
                } catch (NumberFormatException e) {
                    throw new IOException("The gateway's panjereh_outbox_pending is not a number: " + line, e);
                }
            }
        }
        return java.util.OptionalLong.empty();
    }

    @Override
    public boolean issuesDocuments() {
        return true;
    }

    @Override
    public byte[] document(PortalBrowser citizen, TrackingId t) throws IOException {
        PortalBrowser.Page request = citizen.open("/my/requests/" + t.value());
        Optional<Element> link = request.first("a[href$=/document]");
        if (link.isEmpty()) {
            throw new IOException("The delivered request's page " + request.url() + " offers no document");
        }
        return citizen.download(link.get().absUrl("href"));
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
