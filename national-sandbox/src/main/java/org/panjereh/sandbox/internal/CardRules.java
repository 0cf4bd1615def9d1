package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The registry's check of a whole service card (contract section 3), written here from the contract and not
 * shared with the SDK's validator, so that a mistake on one side is caught by the other. It returns every
 * problem at once, each as {@code { "member", "detail" }}.
 */
final class CardRules {

    static final Set<String> MEMBERS = Set.of("serviceId", "title", "agencyId", "nature", "recipients", "legalBasis",
            "channels", "authLevel", "requiredInquiries", "fees", "inPersonReasons", "expectedDurationDays", "units",
            "evaluation", "steps", "description", "eligible", "requiredData", "deliveryMethod", "maturity",
            "smartCriteria", "deliveryLevel", "audience", "yearlyVolume", "directCostRial", "costPriceRial", "offices",
            "reviewedAt", "validUntil");
    /** Set by the registry; ignored when an agency sends them back. */
    static final Set<String> SERVER_SET = Set.of("version", "status");
    private static final Set<String> AUDIENCES = Set.of("G2C", "G2B", "G2G");
    private static final Set<String> FIELD_TYPES = Set.of("text", "number", "date", "postalCode", "file");
    private static final Pattern CODE = Pattern.compile("[a-z][a-zA-Z0-9_-]{0,63}");
    private static final Pattern INQUIRY = Pattern.compile("[a-z][a-z0-9-]{0,63}/[a-z][a-z0-9-]{0,63}");

    private final List<Map<String, String>> errors = new ArrayList<>();

    private CardRules() {
    }

    /**
     * @param card     the card as sent
     * @param id       the service id in the URL
     * @param agencyId the agency sending it
     * @return every problem, empty when the card is complete and consistent
     */
    static List<Map<String, String>> check(JsonNode card, String id, String agencyId) {
        CardRules r = new CardRules();
        r.card(card, id, agencyId);
        return r.errors;
    }

    private void card(JsonNode c, String id, String agencyId) {
        if (c == null || !c.isObject()) {
            error("(body)", "a service card is a JSON object");
            return;
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!MEMBERS.contains(f) && !SERVER_SET.contains(f)) {
                error(f, "is not a member of a service card");
            }
        }
        if (!id.equals(c.path("serviceId").asText(null))) {
            error("serviceId", "must be " + id + ", the service id in the URL");
        }
        if (!agencyId.equals(c.path("agencyId").asText(null))) {
            error("agencyId", "must be " + agencyId + ", the agency submitting the card");
        }
        text(c, "title", 200);
        text(c, "legalBasis", 1000);
        text(c, "description", 2000);
        oneOf(c, "nature", Set.of("sovereign", "supportive", "enterprise"));
        oneOf(c, "authLevel", Set.of("urn:ir:gov:loa:1", "urn:ir:gov:loa:2", "urn:ir:gov:loa:3"));
        oneOf(c, "deliveryMethod", Set.of("informational", "interactive", "transactional"));
        oneOf(c, "deliveryLevel", Set.of("national", "provincial", "city", "village"));
        Set<String> recipients = set(c, "recipients", AUDIENCES, true);
        Set<String> audience = set(c, "audience", AUDIENCES, true);
        if (recipients != null && audience != null && !recipients.equals(audience)) {
            error("audience", "must name the same audiences as recipients");
        }
        Set<String> channels = set(c, "channels", Tracking.CHANNELS, true);
        Set<String> eligible = set(c, "eligible", Set.of("natural", "foreign", "legal"), true);
        if (eligible != null && audience != null) {
            if (eligible.contains("legal") && !audience.contains("G2B")) {
                error("eligible", "legal persons may apply only to a service whose audience includes G2B");
            }
            if ((eligible.contains("natural") || eligible.contains("foreign")) && !audience.contains("G2C")) {
                error("eligible", "natural persons and foreign nationals may apply only to a G2C service");
            }
        }
        Set<String> inquiries = strings(c, "requiredInquiries", INQUIRY, false);
        strings(c, "inPersonReasons", null, false);
        strings(c, "units", null, true);
        count(c, "expectedDurationDays", 1, 3650);
        evaluation(c.get("evaluation"));
        steps(c.get("steps"));
        fees(c.get("fees"));
        requiredData(c.get("requiredData"), inquiries);
        Long maturity = count(c, "maturity", 1, 5);
        JsonNode smart = c.get("smartCriteria");
        boolean hasSmart = smart != null && smart.isTextual() && !smart.asText().isBlank();
        if (maturity != null && maturity == 5 && !hasSmart) {
            error("smartCriteria", "a smart service (maturity 5) says when it is delivered without human intervention");
        }
        if (smart != null && !smart.isNull() && (!smart.isTextual() || smart.asText().length() > 2000)) {
            error("smartCriteria", "is text of at most 2000 characters");
        }
        byChannel(c, "yearlyVolume", channels);
        count(c, "directCostRial", 0, 10_000_000_000_000L);
        count(c, "costPriceRial", 0, 10_000_000_000_000L);
        Map<String, Long> offices = byChannel(c, "offices", channels);
        if (offices != null && channels != null && channels.contains("counter") && offices.getOrDefault("counter", 0L) < 1) {
            error("offices", "a service with a counter names how many offices serve it (offices.counter ≥ 1)");
        }
        Instant reviewed = time(c, "reviewedAt");
        Instant until = time(c, "validUntil");
        if (reviewed != null && until != null) {
            if (!until.isAfter(reviewed)) {
                error("validUntil", "must come after reviewedAt");
            } else if (until.isAfter(reviewed.atOffset(ZoneOffset.UTC).plusYears(1).toInstant())) {
                error("validUntil", "is at most one year after reviewedAt: a card is reviewed at least yearly");
            }
        }
    }

    private void fees(JsonNode fees) {
        if (fees == null || !fees.isArray()) {
            error("fees", "is required: an array, empty when the service is free");
            return;
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < fees.size(); i++) {
            JsonNode f = fees.get(i);
            String at = "fees[" + i + "]";
            if (!f.isObject()) {
                error(at, "is an object");
                continue;
            }
            if (!f.path("code").isTextual() || !CODE.matcher(f.path("code").asText()).matches()) {
                error(at + ".code", "is a short Latin code");
            } else if (!codes.add(f.get("code").asText())) {
                error(at + ".code", "appears twice");
            }
            text(f, "title", 200, at + ".");
            JsonNode amount = f.get("amountRial");
            if (amount == null || !amount.isIntegralNumber() || amount.asLong() < 1 || amount.asLong() > 10_000_000_000_000L) {
                error(at + ".amountRial", "is a whole number of rials, 1 to 10^13");
            }
            if (!f.path("sheba").isTextual() || !Identifiers.sheba(f.path("sheba").asText())) {
                error(at + ".sheba", "is a valid Sheba (IR and 24 digits)");
            }
            JsonNode basis = f.get("legalBasis");
            if (basis == null || !basis.isTextual() || basis.asText().isBlank()) {
                error(at + ".legalBasis", "names the law or resolution that authorises the fee (مجوز دریافت)");
            }
        }
    }

    private void requiredData(JsonNode data, Set<String> inquiries) {
        if (data == null || !data.isArray()) {
            error("requiredData", "is required: the form's fields, an array");
            return;
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode f = data.get(i);
            String at = "requiredData[" + i + "]";
            if (!f.isObject()) {
                error(at, "is an object");
                continue;
            }
            for (Iterator<String> it = f.fieldNames(); it.hasNext();) {
                String m = it.next();
                if (!Set.of("code", "title", "type", "required", "source", "justification").contains(m)) {
                    error(at + "." + m, "is not a member of a data field");
                }
            }
            if (!f.path("code").isTextual() || !CODE.matcher(f.path("code").asText()).matches()) {
                error(at + ".code", "is a short Latin code");
            } else if (!codes.add(f.get("code").asText())) {
                error(at + ".code", "appears twice");
            }
            text(f, "title", 200, at + ".");
            String type = f.path("type").asText("");
            if (!FIELD_TYPES.contains(type)) {
                error(at + ".type", "is one of " + FIELD_TYPES);
            }
            if (!f.path("required").isBoolean()) {
                error(at + ".required", "is true or false");
            }
            String source = f.path("source").asText("");
            if (source.startsWith("inquiry:")) {
                String inquiry = source.substring("inquiry:".length());
                if (!INQUIRY.matcher(inquiry).matches()) {
                    error(at + ".source", "names an exchange service as inquiry:{provider}/{service}");
                } else if (inquiries != null && !inquiries.contains(inquiry)) {
                    error(at + ".source", "uses " + inquiry + ", which requiredInquiries does not list");
                }
            } else if (!source.equals("applicant")) {
                error(at + ".source", "is applicant or inquiry:{provider}/{service}");
            }
            if (type.equals("file")) {
                JsonNode why = f.get("justification");
                if (why == null || !why.isTextual() || why.asText().isBlank()) {
                    error(at + ".justification", "a file field needs a reason: inquiries replace papers");
                }
            }
        }
    }

    private void steps(JsonNode steps) {
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            error("steps", "is required: at least one step");
            return;
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            if (!s.path("code").isTextual() || !CODE.matcher(s.path("code").asText()).matches()) {
                error("steps[" + i + "].code", "is a short Latin code");
            } else if (!codes.add(s.get("code").asText())) {
                error("steps[" + i + "].code", "appears twice");
            }
            text(s, "title", 200, "steps[" + i + "].");
        }
    }

    private void evaluation(JsonNode e) {
        if (e == null || !e.isObject()) {
            error("evaluation", "is required: { formId, trigger }");
            return;
        }
        text(e, "formId", 64, "evaluation.");
        text(e, "trigger", 64, "evaluation.");
    }

    private void text(JsonNode n, String f, int max) {
        text(n, f, max, "");
    }

    private void text(JsonNode n, String f, int max, String at) {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            error(at + f, "is required: text");
        } else if (v.asText().length() > max) {
            error(at + f, "is at most " + max + " characters");
        }
    }

    private void oneOf(JsonNode n, String f, Set<String> allowed) {
        if (!allowed.contains(n.path(f).asText(""))) {
            error(f, "is one of " + allowed);
        }
    }

    private Set<String> set(JsonNode n, String f, Set<String> allowed, boolean nonEmpty) {
        JsonNode v = n.get(f);
        if (v == null || !v.isArray() || (nonEmpty && v.isEmpty())) {
            error(f, nonEmpty ? "is required: a non-empty array" : "is required: an array");
            return null;
        }
        Set<String> out = new HashSet<>();
        for (JsonNode x : v) {
            if (!allowed.contains(x.asText(""))) {
                error(f, "holds " + x + ", not one of " + allowed);
                return null;
            }
            out.add(x.asText());
        }
        return out;
    }

    private Set<String> strings(JsonNode n, String f, Pattern form, boolean nonEmpty) {
        JsonNode v = n.get(f);
        if (v == null || !v.isArray() || (nonEmpty && v.isEmpty())) {
            error(f, nonEmpty ? "is required: a non-empty array" : "is required: an array, possibly empty");
            return null;
        }
        Set<String> out = new HashSet<>();
        for (JsonNode x : v) {
            if (!x.isTextual() || x.asText().isBlank() || (form != null && !form.matcher(x.asText()).matches())) {
                error(f, "holds " + x + ", which is not " + (form != null ? "provider/service" : "text"));
                return null;
            }
            out.add(x.asText());
        }
        return out;
    }

    private Long count(JsonNode n, String f, long min, long max) {
        JsonNode v = n.get(f);
        if (v == null || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            error(f, "is required: a whole number from " + min + " to " + max);
            return null;
        }
        return v.asLong();
    }

    private Map<String, Long> byChannel(JsonNode n, String f, Set<String> channels) {
        JsonNode v = n.get(f);
        if (v == null || !v.isObject()) {
            error(f, "is required: an object of counts by channel");
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!Tracking.CHANNELS.contains(e.getKey())) {
                error(f + "." + e.getKey(), "is not a channel");
            } else if (channels != null && !channels.contains(e.getKey()) && e.getValue().asLong(0) > 0) {
                error(f + "." + e.getKey(), "counts a channel the card does not offer");
            } else if (!e.getValue().isIntegralNumber() || e.getValue().asLong() < 0) {
                error(f + "." + e.getKey(), "is a whole number, 0 or more");
            } else {
                out.put(e.getKey(), e.getValue().asLong());
            }
        }
        return out;
    }

    private Instant time(JsonNode n, String f) {
        try {
            return java.time.OffsetDateTime.parse(n.path(f).asText("")).toInstant();
        } catch (DateTimeParseException e) {
            error(f, "is required: an RFC 3339 time");
            return null;
        }
    }

    private void error(String member, String detail) {
        errors.add(Map.of("member", member, "detail", detail));
    }
}
