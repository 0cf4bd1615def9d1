package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.shared.Json;

/**
 * The national information exchange (contract section 7): four providers over shipped test data,
 * every answer signed as a detached JWS over its exact bytes, and a traffic-only log. Services an agency
 * published (section 12) go through {@link ExchangeHub}.
 */
final class ExchangeApi {

    static final Set<String> SERVICES = Set.of("civil-registry/person-identity", "post/address-by-postcode",
            "company-registry/legal-entity", "shahkar/mobile-ownership", "company-registry/representatives");

    private final Sandbox sandbox;

    ExchangeApi(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void routes(Router r) {
        r.add("POST", "/exchange/{provider}/{service}", "exchange.{provider}/{service}", this::inquire);
    }

    private void inquire(Call call) {
        long started = System.nanoTime();
        String name = call.pathVar("provider") + "/" + call.pathVar("service");
        if (sandbox.exchangeHub.provides(call.pathVar("provider"), call.pathVar("service"))) {
            sandbox.exchangeHub.forward(call, call.pathVar("provider"), call.pathVar("service"), started);
            return;
        }
        sandbox.auth.authenticate(call, "exchange");
        if (!SERVICES.contains(name)) {
            throw Problem.notFound("exchange.service_unknown", "No exchange service " + name);
        }
        String clientAgency = call.header("X-Client-Agency");
        if (!call.agency.id().equals(clientAgency)) {
            throw new Problem(403, "exchange.agency_mismatch", "X-Client-Agency must be the calling agency's id");
        }
        String purpose = call.header("X-Purpose");
        ServiceCard card = purpose == null ? null : sandbox.cards.approved(purpose);
        if (card == null) {
            throw Problem.badRequest("exchange.purpose_required", "X-Purpose must name a registered service id");
        }
        if (!card.agencyId().equals(call.agency.id()) || !card.requiredInquiries().contains(name)) {
            throw new Problem(403, "exchange.purpose_not_allowed", "Service " + purpose + " does not list " + name
                    + " among its inquiries");
        }
        String tracking = call.header("X-Tracking-Id");
        if (tracking != null) {
            Tracking.Request req = Identifiers.trackingId(tracking) ? sandbox.tracking.requests.get(tracking) : null;
            if (req == null || !req.agencyId.equals(call.agency.id())) {
                throw Problem.unprocessable("exchange.tracking_unknown", "X-Tracking-Id is not a request of this agency");
            }
        }
        String userRef = call.header("X-User-Ref");
        if (userRef == null || !userRef.matches("[0-9a-f]{64}")) {
            throw Problem.badRequest("exchange.user_ref_required", "X-User-Ref must be a lower-case hex HMAC-SHA256");
        }
        ObjectNode body = call.jsonObject();
        int status = 200;
        byte[] answer;
        try {
            answer = Json.write(answer(name, body));
        } catch (Problem p) {
            log(call, name, purpose, tracking, userRef, new byte[0], p.status, started);
            throw p;
        }
        call.header("X-Response-Signature", sandbox.keys.signDetached(answer, call.signWithWrongKey));
        // What the simulated providers allow a consumer to keep (contract §12's marking): addresses and the company
        // registry's public facts for an hour; a person's identity and Shahkar's answers never.
        call.header("Cache-Control", name.equals("post/address-by-postcode") || name.equals("company-registry/legal-entity")
                ? "private, max-age=3600" : "no-store");
        log(call, name, purpose, tracking, userRef, answer, status, started);
        call.send(status, "application/json", answer);
    }

    private Object answer(String name, ObjectNode b) {
        return switch (name) {
            case "civil-registry/person-identity" -> {
                Validate.onlyMembers(b, Set.of("nationalCode", "birthDate"), "exchange");
                String code = nationalCode(b, "nationalCode");
                String birth = Validate.text(b, "birthDate", 10, "exchange");
                try {
                    LocalDate.parse(birth);
                } catch (DateTimeParseException e) {
                    throw Problem.unprocessable("exchange.invalid_member", "birthDate is an ISO date (yyyy-mm-dd)");
                }
                JsonNode c = sandbox.catalog.find("citizens", "nationalCode", code);
                if (c == null || !birth.equals(c.path("birthDate").asText())) {
                    throw Problem.notFound("exchange.not_found", "No person with this national code and birth date");
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("nationalCode", code);
                m.put("givenName", c.get("givenName").asText());
                m.put("familyName", c.get("familyName").asText());
                m.put("fatherName", c.path("fatherName").asText(""));
                m.put("birthDate", birth);
                m.put("alive", c.path("alive").asBoolean(true));
                yield m;
            }
            case "post/address-by-postcode" -> {
                Validate.onlyMembers(b, Set.of("postalCode"), "exchange");
                String pc = Validate.digits(b, "postalCode", 10, "exchange");
                JsonNode a = sandbox.catalog.find("addresses", "postalCode", pc);
                if (a == null) {
                    throw Problem.notFound("exchange.not_found", "No address with this postal code");
                }
                yield a;
            }
            case "company-registry/legal-entity" -> {
                Validate.onlyMembers(b, Set.of("legalEntityId"), "exchange");
                String id = Validate.digits(b, "legalEntityId", 11, "exchange");
                if (!Identifiers.legalEntityId(id)) {
                    throw Problem.unprocessable("exchange.invalid_legal_entity_id", "legalEntityId fails its checksum");
                }
                JsonNode c = sandbox.catalog.find("companies", "legalEntityId", id);
                if (c == null) {
                    throw Problem.notFound("exchange.not_found", "No legal entity with this id");
                }
                yield c;
            }
            case "company-registry/representatives" -> representation(b);
            default -> {
                Validate.onlyMembers(b, Set.of("nationalCode", "mobile"), "exchange");
                String code = nationalCode(b, "nationalCode");
                String mobile = Identifiers.mobile(Validate.text(b, "mobile", 20, "exchange"));
                if (mobile == null) {
                    throw Problem.unprocessable("exchange.invalid_mobile", "mobile must be an Iranian mobile number, 09 and 9 digits");
                }
                JsonNode c = sandbox.catalog.find("citizens", "nationalCode", code);
                yield Map.of("matched", c != null && mobile.equals(c.path("mobile").asText()));
            }
        };
    }

    /**
     * Whether a person represents a company, and with which powers: authorised only while the company is active and
     * today (Tehran) is within the powers' dates.
     */
    private Object representation(ObjectNode b) {
        Validate.onlyMembers(b, Set.of("legalEntityId", "nationalCode", "fidaCode"), "exchange");
        String company = Validate.digits(b, "legalEntityId", 11, "exchange");
        if (!Identifiers.legalEntityId(company)) {
            throw Problem.unprocessable("exchange.invalid_legal_entity_id", "legalEntityId fails its checksum");
        }
        String field;
        String person;
        if (b.has("nationalCode") == b.has("fidaCode")) {
            throw Problem.unprocessable("exchange.invalid_member", "Give nationalCode or fidaCode, one of them");
        } else if (b.has("nationalCode")) {
            field = "nationalCode";
            person = nationalCode(b, "nationalCode");
        } else {
            field = "fidaCode";
            person = Validate.digits(b, "fidaCode", 12, "exchange");
            if (!Identifiers.fidaCode(person)) {
                throw Problem.unprocessable("exchange.invalid_fida_code", "fidaCode is not a FIDA code");
            }
        }
        for (JsonNode r : sandbox.catalog.testData.path("representatives")) {
            if (r.path("legalEntityId").asText().equals(company) && r.path(field).asText().equals(person)) {
                LocalDate today = LocalDate.ofInstant(sandbox.clock.instant(), java.time.ZoneId.of("Asia/Tehran"));
                JsonNode c = sandbox.catalog.find("companies", "legalEntityId", company);
                boolean active = c != null && "active".equals(c.path("status").asText());
                LocalDate from = LocalDate.parse(r.get("from").asText());
                LocalDate until = LocalDate.parse(r.get("until").asText());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("authorised", active && !today.isBefore(from) && !today.isAfter(until));
                m.put("role", r.get("role").asText());
                m.put("fullPowers", r.get("fullPowers").asBoolean());
                if (r.has("services")) {
                    m.put("services", r.get("services"));
                }
                m.put("from", from.toString());
                m.put("until", until.toString());
                return m;
            }
        }
        throw Problem.notFound("exchange.not_found", "The registry knows no such representative of this company");
    }

    private static String nationalCode(ObjectNode b, String field) {
        String code = Validate.digits(b, field, 10, "exchange");
        if (!Identifiers.nationalCode(code)) {
            throw Problem.unprocessable("exchange.invalid_national_code", field + " fails its checksum");
        }
        return code;
    }

    private void log(Call call, String name, String purpose, String tracking, String userRef, byte[] answer, int status,
                     long started) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", name);
        m.put("purpose", purpose);
        if (tracking != null) {
            m.put("trackingId", tracking);
        }
        m.put("userRef", userRef);
        m.put("requestId", call.requestId);
        m.put("requestBytes", call.body().length);
        m.put("responseBytes", answer.length);
        m.put("requestSha256", sha256(call.body()));
        m.put("responseSha256", sha256(answer));
        m.put("status", status);
        m.put("latencyMicros", (System.nanoTime() - started) / 1000);
        sandbox.recorder.record("inquiry", sandbox.clock.instant(), call.agency.id(), m);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
