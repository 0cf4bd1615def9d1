package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The citizen message box, کارپوشه (contract section 8). */
final class MessageBox {

    private final Sandbox sandbox;

    MessageBox(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void routes(Router r) {
        r.add("POST", "/messages/messages", "messages.send", c -> {
            sandbox.auth.authenticate(c, "message_box");
            sandbox.idempotency.run(c, this::send);
        });
    }

    private void send(Call call) {
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("recipient", "recipientNationalCode", "serviceId", "trackingId", "title", "body",
                "documentUrl"), "messages");
        Map.Entry<String, String> recipient = recipient(b);
        String serviceId = Validate.digits(b, "serviceId", 11, "messages");
        String trackingId = Validate.digits(b, "trackingId", 20, "messages");
        String title = Validate.text(b, "title", 200, "messages");
        String body = Validate.text(b, "body", 10_000, "messages");
        String doc = Validate.optionalText(b, "documentUrl", 2000, "messages");
        if (doc != null) {
            try {
                URI u = URI.create(doc);
                if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw Problem.unprocessable("messages.invalid_document_url", "documentUrl must be an http(s) URL");
            }
        }
        Tracking.Request req = sandbox.tracking.requests.get(trackingId);
        if (req == null || !req.serviceId.equals(serviceId)) {
            throw Problem.unprocessable("messages.tracking_unknown", "trackingId is not a request of service " + serviceId);
        }
        if (!req.agencyId.equals(call.agency.id())) {
            throw new Problem(403, "messages.not_request_owner", "This tracking id belongs to another agency");
        }
        String messageId = UUID.randomUUID().toString();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("messageId", messageId);
        rec.put("recipient", Map.of(recipient.getKey(), recipient.getValue()));
        rec.put("serviceId", serviceId);
        rec.put("trackingId", trackingId);
        rec.put("title", title);
        rec.put("body", body);
        if (doc != null) {
            rec.put("documentUrl", doc);
        }
        rec.put("idempotencyKey", call.header("Idempotency-Key"));
        sandbox.recorder.record("message", sandbox.clock.instant(), call.agency.id(), rec);
        call.json(201, Map.of("messageId", messageId));
    }

    /**
     * The recipient as (member, digits): section 8's {@code recipient} object with exactly one of its three
     * members, or v1's flat {@code recipientNationalCode}; never both.
     */
    private static Map.Entry<String, String> recipient(ObjectNode b) {
        boolean flat = b.has("recipientNationalCode");
        JsonNode r = b.get("recipient");
        if (flat && r != null) {
            throw Problem.unprocessable("messages.invalid_recipient", "Give recipient or recipientNationalCode, not both");
        }
        if (flat) {
            return Map.entry("nationalCode", checked("nationalCode", Validate.digits(b, "recipientNationalCode", 10, "messages")));
        }
        if (r == null || !r.isObject()) {
            throw Problem.unprocessable("messages.missing_member", "recipient is required: an object with nationalCode, "
                    + "fidaCode or legalEntityId");
        }
        Validate.onlyMembers((ObjectNode) r, LENGTHS.keySet(), "messages");
        if (r.size() != 1) {
            throw Problem.unprocessable("messages.invalid_recipient", "recipient holds exactly one of nationalCode, "
                    + "fidaCode and legalEntityId");
        }
        String member = r.fieldNames().next();
        return Map.entry(member, checked(member, Validate.digits(r, member, LENGTHS.get(member), "messages")));
    }

    private static final Map<String, Integer> LENGTHS = Map.of("nationalCode", 10, "fidaCode", 12, "legalEntityId", 11);

    private static String checked(String member, String digits) {
        boolean valid = switch (member) {
            case "nationalCode" -> Identifiers.nationalCode(digits);
            case "fidaCode" -> Identifiers.fidaCode(digits);
            default -> Identifiers.legalEntityId(digits);
        };
        if (!valid) {
            String code = switch (member) {
                case "nationalCode" -> "messages.invalid_national_code";
                case "fidaCode" -> "messages.invalid_fida_code";
                default -> "messages.invalid_legal_entity_id";
            };
            throw Problem.unprocessable(code, "recipient " + member + " fails its " + (member.equals("fidaCode") ? "form" : "checksum"));
        }
        return digits;
    }
}
