package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
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
final class PaymentPlatform {

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
    final Map<String, Payment> payments = new ConcurrentHashMap<>();
    /** Payments by agency, tracking id and fee code: "one fee, one payment" is checked among these. */
    private final Map<String, List<Payment>> byFee = new ConcurrentHashMap<>();
    private final Map<String, String> stored;
    volatile PaymentFaults faults = PaymentFaults.NONE;
    final java.net.http.HttpClient callbacks = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

    PaymentPlatform(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.stored = sandbox.store.map("payments");
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
        BankReceipts receipts = new BankReceipts(sandbox);
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
            sandbox.idempotency.run(c, receipts::confirm);
        });
        PaymentPage page = new PaymentPage(sandbox, this);
        r.add("GET", "/pay/{paymentId}", "pages.pay", page::page);
        r.add("POST", "/pay/{paymentId}", "pages.pay", page::submit);
        r.add("PUT", "/admin/payment-faults", "admin.payment-faults", c -> {
            faults = PaymentFaults.parse(c.json());
            c.json(200, faults);
        });
        r.add("GET", "/admin/payment-faults", "admin.payment-faults", c -> c.json(200, faults));
        r.add("POST", "/admin/receipts", "admin.receipts", receipts::makeReceipt);
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

    // ---- state ------------------------------------------------------------------------------------------

    /** Moves a payment along the clock: the bank answers, unpaid ones expire, unverified ones are reversed. */
    void advance(Payment p) {
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

    boolean paidElsewhere(Payment p) {
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

    static long amount(ObjectNode b) {
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

    static String origin(String url) {
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

    void persist(Payment p) {
        if (sandbox.store.durable()) {
            stored.put(p.paymentId, new String(Json.write(p), StandardCharsets.UTF_8));
        }
    }

    void record(Payment p, String action) {
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
