package org.panjereh.sandbox.internal;

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
        Validate.onlyMembers(b, Set.of("recipientNationalCode", "serviceId", "trackingId", "title", "body", "documentUrl"),
                "messages");
        String code = Validate.digits(b, "recipientNationalCode", 10, "messages");
        if (!Identifiers.nationalCode(code)) {
            throw Problem.unprocessable("messages.invalid_national_code", "recipientNationalCode fails its checksum");
        }
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
        rec.put("recipientNationalCode", code);
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
}
