package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.shared.Json;

/**
 * The national payment service (contract section 10): create, the Persian payment page with test cards,
 * verify within the {@code verify_window} or see the payment reversed, read and list, refunds that never
 * exceed the payment, and confirmation of receipts paid elsewhere, each receipt once.
 *
 * <p>States advance lazily from the sandbox's clock whenever a payment is read, so a test with a fixed or
 * stepped clock sees a reversal, an expiry or the end of a "stuck in submitted" fault without waiting.
 */
final class Payments {

    /** How long a created payment waits for the citizen to pay before it expires. */
    static final Duration PAY_WITHIN = Duration.ofMinutes(20);
    static final long MAX_RIAL = 10_000_000_000_000L;

    /** Payment-specific faults, set with {@code PUT /admin/payment-faults}. */
    record PaymentFaults(boolean loseReturn, boolean repeatReturn, long submittedSeconds, long verifyAmountDeltaRial) {
        static final PaymentFaults NONE = new PaymentFaults(false, false, 0, 0);

        static PaymentFaults parse(JsonNode n) {
            if (n == null || !n.isObject()) {
                throw Problem.badRequest("admin.invalid_fault", "Payment faults are a JSON object");
            }
            Validate.onlyMembers((ObjectNode) n, Set.of("loseReturn", "repeatReturn", "submittedSeconds",
                    "verifyAmountDeltaRial"), "admin");
            long submitted = n.path("submittedSeconds").asLong(0);
            if (submitted < 0 || submitted > 86_400) {
                throw Problem.badRequest("admin.invalid_fault", "submittedSeconds is 0-86400");
            }
            return new PaymentFaults(n.path("loseReturn").asBoolean(false), n.path("repeatReturn").asBoolean(false),
                    submitted, n.path("verifyAmountDeltaRial").asLong(0));
        }
    }

    /** One payment as the platform keeps it. Guarded by its own monitor. */
    @com.fasterxml.jackson.annotation.JsonAutoDetect(fieldVisibility = com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
    static final class Payment {
        String paymentId;
        String agencyId;
        String serviceId;
        String trackingId;
        String feeCode;
        long amountRial;
        String description;
        String returnUrl;
        String payerSub;
        String pageToken;
        String state;
        Instant createdAt;
        Instant expiresAt;
        Instant submittedAt;
        /** When a submitted payment turns succeeded or failed at the bank (the "stuck in submitted" fault delays it). */
        Instant bankAnswersAt;
        String bankOutcome;
        Instant paidAt;
        Instant verifiedAt;
        Instant reversedAt;
        String rrn;
        String traceNo;
        String maskedPan;
        long refundedRial;
        List<Map<String, Object>> refunds = new ArrayList<>();
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Sandbox sandbox;
    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    /** Payments by agency, tracking id and fee code: "one fee, one payment" is checked among these. */
    private final Map<String, List<Payment>> byFee = new ConcurrentHashMap<>();
    private final Map<String, String> stored;
    private final Map<String, String> claims;
    private volatile PaymentFaults faults = PaymentFaults.NONE;
    /** Receipts made by testers at run time (the conformance kit needs unused ones), beside the shipped ones. */
    private final Map<String, JsonNode> madeReceipts = new ConcurrentHashMap<>();
    private final java.net.http.HttpClient callbacks = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

    Payments(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.stored = sandbox.store.map("payments");
        this.claims = sandbox.store.map("receipt-claims");
        stored.forEach((k, v) -> {
            try {
                Payment p = Json.MAPPER.readValue(v, Payment.class);
                payments.put(k, p);
                byFee.computeIfAbsent(feeKey(p), x -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(p);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Stored payment " + k + " is unreadable", e);
            }
        });
    }

    void routes(Router r) {
        r.add("POST", "/payments/payments", "payments.create", c -> {
            sandbox.auth.authenticate(c, "payment");
            sandbox.idempotency.run(c, this::create);
        });
        r.add("GET", "/payments/payments", "payments.list", this::list);
        r.add("GET", "/payments/payments/{paymentId}", "payments.read", c -> {
            sandbox.auth.authenticate(c, "payment");
            c.json(200, view(own(c)));
        });
        r.add("POST", "/payments/payments/{paymentId}/verify", "payments.verify", c -> {
            sandbox.auth.authenticate(c, "payment");
            sandbox.idempotency.run(c, this::verify);
        });
        r.add("POST", "/payments/payments/{paymentId}/refunds", "payments.refund", c -> {
            sandbox.auth.authenticate(c, "payment");
            sandbox.idempotency.run(c, this::refund);
        });
        r.add("POST", "/payments/confirmations", "payments.confirm", c -> {
            sandbox.auth.authenticate(c, "payment");
            sandbox.idempotency.run(c, this::confirm);
        });
        r.add("GET", "/pay/{paymentId}", "pages.pay", this::page);
        r.add("POST", "/pay/{paymentId}", "pages.pay", this::submit);
        r.add("PUT", "/admin/payment-faults", "admin.payment-faults", c -> {
            faults = PaymentFaults.parse(c.json());
            c.json(200, faults);
        });
        r.add("GET", "/admin/payment-faults", "admin.payment-faults", c -> c.json(200, faults));
        r.add("POST", "/admin/receipts", "admin.receipts", this::makeReceipt);
        r.add("DELETE", "/admin/payment-faults", "admin.payment-faults", c -> {
            faults = PaymentFaults.NONE;
            c.empty(204);
        });
    }

    // ---- agency API -------------------------------------------------------------------------------------

    private void create(Call call) {
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("serviceId", "trackingId", "feeCode", "amountRial", "description", "returnUrl",
                "payerSub"), "payment");
        String serviceId = Validate.digits(b, "serviceId", 11, "payment");
        String trackingId = Validate.digits(b, "trackingId", 20, "payment");
        String feeCode = Validate.text(b, "feeCode", 64, "payment");
        long amount = amount(b);
        String description = Validate.text(b, "description", 255, "payment");
        String returnUrl = Validate.text(b, "returnUrl", 2000, "payment");
        String payerSub = Validate.text(b, "payerSub", 255, "payment");
        ServiceCard card = sandbox.cards.approved(serviceId);
        if (card == null) {
            throw Problem.unprocessable("payment.service_unknown", "No service " + serviceId + " in the registry");
        }
        if (!card.agencyId().equals(call.agency.id())) {
            throw new Problem(403, "payment.not_service_owner", "Service " + serviceId + " belongs to another agency");
        }
        ownRequest(call, trackingId, serviceId);
        ServiceCard.Fee fee = card.fee(feeCode).orElseThrow(() -> Problem.unprocessable("payment.amount_mismatch",
                "The service card has no fee " + feeCode));
        if (fee.amountRial() != amount) {
            throw Problem.unprocessable("payment.amount_mismatch", "Fee " + feeCode + " is " + fee.amountRial()
                    + " rial on the service card, not " + amount);
        }
        if (!registeredReturn(call, returnUrl)) {
            throw Problem.unprocessable("payment.return_url_unregistered",
                    "returnUrl must be one of the agency's registered redirect URIs (a query string may follow)");
        }
        Instant now = sandbox.clock.instant();
        Payment p = new Payment();
        p.paymentId = UUID.randomUUID().toString();
        p.agencyId = call.agency.id();
        p.serviceId = serviceId;
        p.trackingId = trackingId;
        p.feeCode = feeCode;
        p.amountRial = amount;
        p.description = description;
        p.returnUrl = returnUrl;
        p.payerSub = payerSub;
        p.pageToken = HexFormat.of().formatHex(randomBytes());
        p.state = "created";
        p.createdAt = now;
        p.expiresAt = now.plus(PAY_WITHIN);
        payments.put(p.paymentId, p);
        byFee.computeIfAbsent(feeKey(p), x -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(p);
        persist(p);
        record(p, "create");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("paymentId", p.paymentId);
        out.put("state", p.state);
        out.put("nextUrl", sandbox.url("/pay/" + p.paymentId));
        out.put("expiresAt", p.expiresAt.toString());
        call.json(201, out);
    }

    private void verify(Call call) {
        Payment p = own(call);
        Map<String, Object> out;
        synchronized (p) {
            advance(p);
            if ("succeeded".equals(p.state) && p.verifiedAt == null) {
                p.verifiedAt = sandbox.clock.instant();
                persist(p);
                record(p, "verify");
            }
            out = view(p);
        }
        long delta = faults.verifyAmountDeltaRial();
        if (delta != 0) {
            out.put("amountRial", p.amountRial + delta);
        }
        call.json(200, out);
    }

    private void list(Call call) {
        sandbox.auth.authenticate(call, "payment");
        Map<String, String> q = call.query();
        List<Payment> found = new ArrayList<>();
        if (q.containsKey("trackingId")) {
            String t = q.get("trackingId");
            if (!Identifiers.trackingId(t)) {
                throw Problem.badRequest("payment.invalid_tracking_id", "trackingId is 20 ASCII digits with check digits");
            }
            for (Payment p : payments.values()) {
                if (p.agencyId.equals(call.agency.id()) && p.trackingId.equals(t)) {
                    found.add(p);
                }
            }
            found.sort(Comparator.comparing((Payment p) -> p.createdAt).thenComparing(p -> p.paymentId));
        } else if ("true".equals(q.get("unverified"))) {
            for (Payment p : payments.values()) {
                if (!p.agencyId.equals(call.agency.id())) {
                    continue;
                }
                synchronized (p) {
                    advance(p);
                    if ("succeeded".equals(p.state) && p.verifiedAt == null) {
                        found.add(p);
                    }
                }
            }
            found.sort(Comparator.comparing((Payment p) -> p.paidAt).reversed().thenComparing(p -> p.paymentId));
            if (found.size() > 100) {
                found = found.subList(0, 100);
            }
        } else {
            throw Problem.badRequest("payment.invalid_query", "List payments by ?trackingId=… or ?unverified=true");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Payment p : found) {
            items.add(view(p));
        }
        call.json(200, Map.of("payments", items));
    }

    private void refund(Call call) {
        Payment p = own(call);
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("amountRial", "reason"), "payment");
        long amount = amount(b);
        String reason = Validate.text(b, "reason", 255, "payment");
        Map<String, Object> refund = new LinkedHashMap<>();
        synchronized (p) {
            advance(p);
            if (!"succeeded".equals(p.state) || p.verifiedAt == null) {
                throw new Problem(409, "payment.not_refundable", "Only a verified, succeeded payment can be refunded; this one is "
                        + p.state + (p.verifiedAt == null ? " and not verified" : ""));
            }
            if (p.refundedRial + amount > p.amountRial) {
                throw new Problem(409, "payment.refund_exceeds", "Refunds would total " + (p.refundedRial + amount)
                        + " rial, more than the payment's " + p.amountRial);
            }
            p.refundedRial += amount;
            refund.put("refundId", UUID.randomUUID().toString());
            refund.put("state", "succeeded");
            refund.put("amountRial", amount);
            refund.put("reason", reason);
            refund.put("createdAt", sandbox.clock.instant().toString());
            p.refunds.add(refund);
            persist(p);
            record(p, "refund");
        }
        call.json(201, Map.of("refundId", refund.get("refundId"), "state", refund.get("state")));
    }

    private void confirm(Call call) {
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("rrn", "amountRial", "sheba", "trackingId"), "payment");
        String rrn = Validate.text(b, "rrn", 20, "payment");
        if (!rrn.matches("[0-9]{6,20}")) {
            throw Problem.unprocessable("payment.invalid_member", "rrn must be 6-20 ASCII digits");
        }
        long amount = amount(b);
        String shebaText = Validate.text(b, "sheba", 26, "payment");
        if (!Identifiers.sheba(shebaText)) {
            throw Problem.unprocessable("payment.invalid_member", "sheba must be IR and 24 ASCII digits with valid check digits");
        }
        String trackingId = Validate.digits(b, "trackingId", 20, "payment");
        Tracking.Request req = sandbox.tracking.requests.get(trackingId);
        if (req == null || !req.agencyId.equals(call.agency.id())) {
            throw Problem.unprocessable("payment.tracking_unknown", "trackingId is not a request of this agency");
        }
        JsonNode receipt = madeReceipts.getOrDefault(rrn, sandbox.catalog.find("receipts", "rrn", rrn));
        if (receipt == null || !receipt.get("sheba").asText().equals(shebaText)
                || receipt.get("amountRial").asLong() < amount) {
            throw Problem.notFound("payment.not_found", "No payment with this bank reference reached this account for"
                    + " at least this amount");
        }
        synchronized (claims) {
            String holder = claims.get(rrn);
            if (holder != null && !holder.equals(call.agency.id() + ":" + trackingId)) {
                throw new Problem(409, "payment.already_claimed", "This receipt was already claimed for another request");
            }
            claims.put(rrn, call.agency.id() + ":" + trackingId);
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", "confirm");
        rec.put("trackingId", trackingId);
        rec.put("serviceId", req.serviceId);
        rec.put("amountRial", amount);
        rec.put("requestId", call.requestId);
        sandbox.recorder.record("payment", sandbox.clock.instant(), call.agency.id(), rec);
        call.json(200, Map.of("confirmed", true, "paidAt", receipt.get("paidAt").asText()));
    }

    /** A test receipt, as if the citizen had paid at a bank branch: {@code {amountRial, sheba?}} → the receipt. */
    private void makeReceipt(Call call) {
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("amountRial", "sheba"), "admin");
        long amount = amount(b);
        String sheba = b.hasNonNull("sheba") ? b.get("sheba").asText() : "IR820540102680020817909002";
        String rrn;
        do {
            rrn = String.format("%012d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000L));
        } while (madeReceipts.containsKey(rrn) || sandbox.catalog.find("receipts", "rrn", rrn) != null);
        ObjectNode receipt = Json.MAPPER.createObjectNode().put("rrn", rrn).put("amountRial", amount).put("sheba", sheba)
                .put("paidAt", sandbox.clock.instant().toString()).put("bank", "بانک آزمایشی");
        madeReceipts.put(rrn, receipt);
        call.json(201, receipt);
    }

    // ---- the citizen's payment page ---------------------------------------------------------------------

    private void page(Call call) {
        Payment p = payments.get(call.pathVar("paymentId"));
        if (p == null) {
            call.html(404, Pages.page("پرداخت یافت نشد", "<p>این پرداخت وجود ندارد.</p><p lang=\"en\">No such payment.</p>"));
            return;
        }
        synchronized (p) {
            advance(p);
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
                    .append(" — <code>").append(Pages.esc(mask(c.get("pan").asText()))).append("</code></label>");
            first = false;
        }
        b.append("</fieldset><button type=\"submit\" name=\"action\" value=\"pay\">پرداخت</button>")
                .append("<button type=\"submit\" name=\"action\" value=\"cancel\" class=\"secondary\">انصراف</button>")
                .append("<button type=\"submit\" name=\"action\" value=\"pay-no-return\" class=\"secondary\">")
                .append("پرداخت و بستن مرورگر (بدون بازگشت)</button></form>")
                .append("<p lang=\"en\">Pay returns you to the agency; the last button pays and shows no way back, as when")
                .append(" the browser is closed after paying.</p>");
        call.html(200, Pages.page("درگاه پرداخت آزمایشی", b.toString()), origin(p.returnUrl));
    }

    private void submit(Call call) throws InterruptedException {
        Payment p = payments.get(call.pathVar("paymentId"));
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
        PaymentFaults f = faults;
        boolean goBack;
        synchronized (p) {
            advance(p);
            if (!"created".equals(p.state)) {
                call.html(409, Pages.page("پرداخت", "<p>این پرداخت دیگر در انتظار پرداخت نیست (وضعیت: "
                        + Pages.esc(p.state) + ").</p>"));
                return;
            }
            Instant now = sandbox.clock.instant();
            if (action.equals("cancel")) {
                p.state = "cancelled";
                goBack = true;
            } else if (paidElsewhere(p)) {
                // A second tab, or a second payment of the same fee: the bank is never asked to take it twice.
                p.state = "cancelled";
                persist(p);
                record(p, "refused-already-paid");
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
                p.maskedPan = mask(card.get("pan").asText());
                advance(p);
                goBack = action.equals("pay") && !f.loseReturn();
            }
            persist(p);
            record(p, action);
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
                callbacks.send(java.net.http.HttpRequest.newBuilder(URI.create(back)).timeout(Duration.ofSeconds(5)).GET()
                        .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException | IllegalArgumentException e) {
                // The agency may be unreachable from here; the browser's return still follows.
            }
        }
        call.header("Location", back);
        call.send(303, "text/plain; charset=utf-8", new byte[0]);
    }

    // ---- state ------------------------------------------------------------------------------------------

    /** Moves a payment along the clock: the bank answers, unpaid ones expire, unverified ones are reversed. */
    private void advance(Payment p) {
        Instant now = sandbox.clock.instant();
        boolean changed = false;
        if ("created".equals(p.state) && now.isAfter(p.expiresAt)) {
            p.state = "expired";
            changed = true;
        }
        if ("submitted".equals(p.state) && !now.isBefore(p.bankAnswersAt)) {
            if ("succeeded".equals(p.bankOutcome)) {
                p.state = "succeeded";
                p.paidAt = p.bankAnswersAt;
                p.rrn = String.format("%012d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000L));
                p.traceNo = String.format("%06d", RANDOM.nextInt(1_000_000));
            } else {
                p.state = "failed";
            }
            changed = true;
        }
        if ("succeeded".equals(p.state) && p.verifiedAt == null
                && now.isAfter(p.paidAt.plus(sandbox.config.verifyWindow()))) {
            p.state = "reversed";
            p.reversedAt = p.paidAt.plus(sandbox.config.verifyWindow());
            changed = true;
            record(p, "reverse");
        }
        if (changed) {
            persist(p);
        }
    }

    private static String feeKey(Payment p) {
        return p.agencyId + "|" + p.trackingId + "|" + p.feeCode;
    }

    private boolean paidElsewhere(Payment p) {
        for (Payment o : byFee.getOrDefault(feeKey(p), List.of())) {
            if (o != p) {
                synchronized (o) {
                    advance(o);
                    boolean taken = "submitted".equals(o.state) || ("succeeded".equals(o.state) && o.refundedRial < o.amountRial);
                    if (taken) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Map<String, Object> view(Payment p) {
        synchronized (p) {
            advance(p);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("paymentId", p.paymentId);
            out.put("state", p.state);
            out.put("serviceId", p.serviceId);
            out.put("trackingId", p.trackingId);
            out.put("feeCode", p.feeCode);
            out.put("amountRial", p.amountRial);
            out.put("payerSub", p.payerSub);
            out.put("rrn", p.rrn);
            out.put("traceNo", p.traceNo);
            out.put("maskedPan", p.maskedPan);
            out.put("createdAt", p.createdAt.toString());
            out.put("paidAt", p.paidAt == null ? null : p.paidAt.toString());
            out.put("verifiedAt", p.verifiedAt == null ? null : p.verifiedAt.toString());
            out.put("reversedAt", p.reversedAt == null ? null : p.reversedAt.toString());
            out.put("refundedRial", p.refundedRial);
            return out;
        }
    }

    private Payment own(Call call) {
        Payment p = payments.get(call.pathVar("paymentId"));
        if (p == null || !p.agencyId.equals(call.agency.id())) {
            throw Problem.notFound("payment.not_found", "No payment with this id for this agency");
        }
        return p;
    }

    private void ownRequest(Call call, String trackingId, String serviceId) {
        Tracking.Request req = sandbox.tracking.requests.get(trackingId);
        if (req == null || !req.serviceId.equals(serviceId) || !req.agencyId.equals(call.agency.id())) {
            throw Problem.unprocessable("payment.tracking_unknown", "trackingId is not a request of service " + serviceId
                    + " at this agency");
        }
    }

    private static long amount(ObjectNode b) {
        JsonNode a = b.get("amountRial");
        if (a == null || !a.canConvertToLong() || !a.isIntegralNumber() || a.asLong() < 1 || a.asLong() > MAX_RIAL) {
            throw Problem.unprocessable("payment.invalid_amount", "amountRial is an integer number of rials, 1 to 10^13");
        }
        return a.asLong();
    }

    private static boolean registeredReturn(Call call, String returnUrl) {
        URI u;
        try {
            u = URI.create(returnUrl);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (u.getFragment() != null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
            return false;
        }
        String withoutQuery = returnUrl.contains("?") ? returnUrl.substring(0, returnUrl.indexOf('?')) : returnUrl;
        return call.agency.registration.redirectUris().stream().anyMatch(r -> r.toString().equals(withoutQuery));
    }

    private static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    static String mask(String pan) {
        return pan.substring(0, 6) + "******" + pan.substring(pan.length() - 4);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private void persist(Payment p) {
        if (sandbox.store.durable()) {
            stored.put(p.paymentId, new String(Json.write(p), StandardCharsets.UTF_8));
        }
    }

    private void record(Payment p, String action) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("action", action);
        rec.put("paymentId", p.paymentId);
        rec.put("state", p.state);
        rec.put("serviceId", p.serviceId);
        rec.put("trackingId", p.trackingId);
        rec.put("feeCode", p.feeCode);
        rec.put("amountRial", p.amountRial);
        rec.put("refundedRial", p.refundedRial);
        sandbox.recorder.record("payment", sandbox.clock.instant(), p.agencyId, rec);
    }
}
