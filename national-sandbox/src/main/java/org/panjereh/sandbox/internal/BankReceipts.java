package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.core.shared.Json;

/**
 * Payments made elsewhere (contract section 10): the shipped test receipts and those a tester makes at run time,
 * confirmed to an agency for one of its requests, and claimed so that one receipt pays one request only.
 */
final class BankReceipts {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Sandbox sandbox;
    /** Receipt → the agency and request that claimed it; kept in the sandbox's store. */
    private final Map<String, String> claims;
    /** Receipts made by testers at run time (the conformance kit needs unused ones), beside the shipped ones. */
    private final Map<String, JsonNode> madeReceipts = new ConcurrentHashMap<>();

    BankReceipts(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.claims = sandbox.store.map("receipt-claims");
    }

    void confirm(Call call) {
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("rrn", "amountRial", "sheba", "trackingId"), "payment");
        String rrn = Validate.text(b, "rrn", 20, "payment");
        if (!rrn.matches("[0-9]{6,20}")) {
            throw Problem.unprocessable("payment.invalid_member", "rrn must be 6-20 ASCII digits");
        }
        long amount = PaymentPlatform.amount(b);
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
    void makeReceipt(Call call) {
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("amountRial", "sheba"), "admin");
        long amount = PaymentPlatform.amount(b);
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
}
