package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.panjereh.core.ServiceCard;

/**
 * The citizen's side of a payment (contract section 10): the test bank's page with its test cards, paying,
 * cancelling, or paying without coming back, and the return to the agency — lost or repeated when the payment faults
 * say so. The payments themselves are {@link PaymentPlatform}'s.
 */
final class PaymentPage {

    private final Sandbox sandbox;
    private final PaymentPlatform platform;

    PaymentPage(Sandbox sandbox, PaymentPlatform platform) {
        this.sandbox = sandbox;
        this.platform = platform;
    }

    void page(Call call) {
        PaymentPlatform.Payment p = platform.payments.get(call.pathVar("paymentId"));
        if (p == null) {
            call.html(404, Pages.page("پرداخت یافت نشد", "<p>این پرداخت وجود ندارد.</p><p lang=\"en\">No such payment.</p>"));
            return;
        }
        synchronized (p) {
            platform.advance(p);
            if (!"created".equals(p.state)) {
                call.html(409, Pages.page("پرداخت", "<p>این پرداخت دیگر در انتظار پرداخت نیست (وضعیت: "
                        + Pages.esc(p.state) + ").</p><p lang=\"en\">This payment is no longer awaiting payment.</p>"));
                return;
            }
        }
        ServiceCard card = sandbox.cards.approved(p.serviceId);
        StringBuilder b = new StringBuilder();
        b.append("<table><tbody><tr><th scope=\"row\">خدمت</th><td>").append(Pages.esc(card.title())).append("</td></tr>")
                .append("<tr><th scope=\"row\">شرح</th><td>").append(Pages.esc(p.description)).append("</td></tr>")
                .append("<tr><th scope=\"row\">مبلغ</th><td>").append(Pages.esc(org.panjereh.core.Rial.of(p.amountRial).toPersianString())).append("</td></tr>")
                .append("<tr><th scope=\"row\">شناسه پیگیری</th><td><code>").append(Pages.esc(p.trackingId))
                .append("</code></td></tr></tbody></table>")
                .append("<form method=\"post\" action=\"/pay/").append(Pages.esc(p.paymentId)).append("\">")
                .append("<input type=\"hidden\" name=\"token\" value=\"").append(Pages.esc(p.pageToken)).append("\">")
                .append("<fieldset><legend>کارت آزمایشی · <span lang=\"en\">Test card</span></legend>");
        boolean first = true;
        for (JsonNode c : sandbox.catalog.testData.get("cards")) {
            b.append("<label><input type=\"radio\" name=\"card\" value=\"").append(Pages.esc(c.get("pan").asText())).append('"')
                    .append(first ? " checked" : "").append("> ").append(Pages.esc(c.get("label").asText()))
                    .append(" — <code>").append(Pages.esc(PaymentPlatform.mask(c.get("pan").asText()))).append("</code></label>");
            first = false;
        }
        b.append("</fieldset><button type=\"submit\" name=\"action\" value=\"pay\">پرداخت</button>")
                .append("<button type=\"submit\" name=\"action\" value=\"cancel\" class=\"secondary\">انصراف</button>")
                .append("<button type=\"submit\" name=\"action\" value=\"pay-no-return\" class=\"secondary\">")
                .append("پرداخت و بستن مرورگر (بدون بازگشت)</button></form>")
                .append("<p lang=\"en\">Pay returns you to the agency; the last button pays and shows no way back, as when")
                .append(" the browser is closed after paying.</p>");
        call.html(200, Pages.page("درگاه پرداخت آزمایشی", b.toString()), PaymentPlatform.origin(p.returnUrl));
    }

    void submit(Call call) throws InterruptedException {
        PaymentPlatform.Payment p = platform.payments.get(call.pathVar("paymentId"));
        if (p == null) {
            call.html(404, Pages.page("پرداخت یافت نشد", "<p>این پرداخت وجود ندارد.</p>"));
            return;
        }
        Map<String, String> form = call.form();
        String action = form.getOrDefault("action", "");
        if (!p.pageToken.equals(form.get("token")) || !Set.of("pay", "cancel", "pay-no-return").contains(action)) {
            call.html(400, Pages.page("درخواست نامعتبر", "<p>فرم پرداخت نامعتبر است.</p><p lang=\"en\">Invalid payment form.</p>"));
            return;
        }
        PaymentPlatform.PaymentFaults f = platform.faults;
        boolean goBack;
        synchronized (p) {
            platform.advance(p);
            if (!"created".equals(p.state)) {
                call.html(409, Pages.page("پرداخت", "<p>این پرداخت دیگر در انتظار پرداخت نیست (وضعیت: "
                        + Pages.esc(p.state) + ").</p>"));
                return;
            }
            Instant now = sandbox.clock.instant();
            if (action.equals("cancel")) {
                p.state = "cancelled";
                goBack = true;
            } else if (platform.paidElsewhere(p)) {
                // A second tab, or a second payment of the same fee: the bank is never asked to take it twice.
                p.state = "cancelled";
                platform.persist(p);
                platform.record(p, "refused-already-paid");
                call.html(409, Pages.page("پرداخت تکراری", "<p>هزینهٔ این درخواست پیش‌تر پرداخت شده است؛ این پرداخت انجام نشد.</p>"
                        + "<p lang=\"en\">This fee was already paid; this payment was not taken.</p>"));
                return;
            } else {
                JsonNode card = sandbox.catalog.find("cards", "pan", form.getOrDefault("card", ""));
                if (card == null) {
                    call.html(400, Pages.page("کارت نامعتبر", "<p>کارت آزمایشی انتخاب نشده است.</p>"));
                    return;
                }
                p.state = "submitted";
                p.submittedAt = now;
                p.bankAnswersAt = now.plusSeconds(f.submittedSeconds());
                p.bankOutcome = card.get("outcome").asText();
                p.maskedPan = PaymentPlatform.mask(card.get("pan").asText());
                platform.advance(p);
                goBack = action.equals("pay") && !f.loseReturn();
            }
            platform.persist(p);
            platform.record(p, action);
        }
        String back = p.returnUrl + (p.returnUrl.contains("?") ? "&" : "?") + "paymentId="
                + URLEncoder.encode(p.paymentId, StandardCharsets.UTF_8);
        if (!goBack) {
            call.html(200, Pages.page("پرداخت انجام شد", "<p>پرداخت ثبت شد. می‌توانید مرورگر را ببندید.</p>"
                    + "<p lang=\"en\">The payment was taken. You may close the browser.</p>"));
            return;
        }
        if (f.repeatReturn()) {
            // The return arrives twice: once from the bank's server, once from the browser.
            try {
                platform.callbacks.send(java.net.http.HttpRequest.newBuilder(URI.create(back)).timeout(Duration.ofSeconds(5)).GET()
                        .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException | IllegalArgumentException e) {
                // The agency may be unreachable from here; the browser's return still follows.
            }
        }
        call.header("Location", back);
        call.send(303, "text/plain; charset=utf-8", new byte[0]);
    }
}
