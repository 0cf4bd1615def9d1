package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.panjereh.core.shared.Json;

/**
 * The national evaluation service (contract section 6): forms, one response per delivered request
 * (409 {@code survey.already_answered} / {@code survey.not_delivered}), replies and visit counts.
 */
final class Survey {

    static final int MAX_COMMENT = 1000;

    private final Sandbox sandbox;
    private final Map<String, String> responseByTracking;
    private final Map<String, String> agencyOfResponse;

    Survey(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.responseByTracking = sandbox.store.map("survey-response-by-tracking");
        this.agencyOfResponse = sandbox.store.map("survey-response-agency");
    }

    void routes(Router r) {
        r.add("GET", "/survey/forms/{formId}", "survey.form", this::form);
        r.add("POST", "/survey/responses", "survey.responses", c -> {
            sandbox.auth.authenticate(c, "survey");
            sandbox.idempotency.run(c, this::respond);
        });
        r.add("POST", "/survey/responses/{responseId}/replies", "survey.replies", this::reply);
        r.add("POST", "/survey/visits", "survey.visits", this::visits);
    }

    private void form(Call call) {
        sandbox.auth.authenticate(call, "survey");
        JsonNode f = sandbox.catalog.forms.get(call.pathVar("formId"));
        if (f == null) {
            throw Problem.notFound("survey.form_unknown", "No survey form " + call.pathVar("formId"));
        }
        call.header("Cache-Control", "max-age=3600");
        call.json(200, f);
    }

    private void respond(Call call) {
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("serviceId", "trackingId", "formId", "channel", "answers", "comment", "submittedAt"),
                "survey");
        String serviceId = Validate.digits(b, "serviceId", 11, "survey");
        String trackingId = Validate.digits(b, "trackingId", 20, "survey");
        String formId = Validate.text(b, "formId", 64, "survey");
        String channel = Validate.text(b, "channel", 20, "survey");
        String comment = Validate.optionalText(b, "comment", MAX_COMMENT, "survey");
        String submittedAt = Validate.text(b, "submittedAt", 40, "survey");
        try {
            OffsetDateTime.parse(submittedAt);
        } catch (DateTimeParseException e) {
            throw Problem.unprocessable("survey.invalid_member", "submittedAt must be an RFC 3339 timestamp");
        }
        if (!Tracking.CHANNELS.contains(channel)) {
            throw Problem.unprocessable("survey.invalid_channel", "channel must be one of " + Tracking.CHANNELS);
        }
        JsonNode form = sandbox.catalog.forms.get(formId);
        if (form == null) {
            throw Problem.unprocessable("survey.form_unknown", "No survey form " + formId);
        }
        Tracking.Request req = sandbox.tracking.requests.get(trackingId);
        if (req == null || !req.serviceId.equals(serviceId)) {
            throw Problem.unprocessable("survey.tracking_unknown", "trackingId is not a request of service " + serviceId);
        }
        if (!req.agencyId.equals(call.agency.id())) {
            throw new Problem(403, "survey.not_request_owner", "This tracking id belongs to another agency");
        }
        validateAnswers(b.get("answers"), form, channel);
        synchronized (req) {
            if (!req.delivered) {
                throw new Problem(409, "survey.not_delivered", "The request has no delivered event yet");
            }
            if (responseByTracking.containsKey(trackingId)) {
                throw new Problem(409, "survey.already_answered", "This request already has a survey response");
            }
            String responseId = UUID.randomUUID().toString();
            responseByTracking.put(trackingId, responseId);
            agencyOfResponse.put(responseId, call.agency.id());
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("responseId", responseId);
            rec.put("serviceId", serviceId);
            rec.put("trackingId", trackingId);
            rec.put("formId", formId);
            rec.put("channel", channel);
            rec.put("answers", Json.MAPPER.convertValue(b.get("answers"), List.class));
            if (comment != null) {
                rec.put("comment", comment);
            }
            rec.put("submittedAt", submittedAt);
            rec.put("idempotencyKey", call.header("Idempotency-Key"));
            sandbox.recorder.record("survey-response", sandbox.clock.instant(), call.agency.id(), rec);
            call.json(201, Map.of("responseId", responseId));
        }
    }

    private static void validateAnswers(JsonNode answers, JsonNode form, String channel) {
        if (answers == null || !answers.isArray() || answers.isEmpty()) {
            throw Problem.unprocessable("survey.answers_required", "answers must be a non-empty array");
        }
        Map<String, JsonNode> questions = new LinkedHashMap<>();
        for (JsonNode q : form.get("questions")) {
            questions.put(q.get("questionId").asText(), q);
        }
        int min = form.path("scale").path("min").asInt(1);
        int max = form.path("scale").path("max").asInt(5);
        Set<String> answered = new HashSet<>();
        for (JsonNode a : answers) {
            if (!a.isObject() || a.size() != 2 || !a.path("questionId").isTextual() || !a.path("value").isInt()) {
                throw Problem.unprocessable("survey.invalid_answer", "Each answer is {questionId, value} with an integer value");
            }
            String qid = a.get("questionId").asText();
            JsonNode q = questions.get(qid);
            if (q == null) {
                throw Problem.unprocessable("survey.unknown_question", "No question " + qid + " in this form");
            }
            if (!answered.add(qid)) {
                throw Problem.unprocessable("survey.duplicate_answer", "Question " + qid + " is answered twice");
            }
            int v = a.get("value").asInt();
            if (v < min || v > max) {
                throw Problem.unprocessable("survey.value_out_of_range", "Values are " + min + "-" + max);
            }
            if (q.has("channels")) {
                boolean ok = false;
                for (JsonNode c : q.get("channels")) {
                    ok |= c.asText().equals(channel);
                }
                if (!ok) {
                    throw Problem.unprocessable("survey.question_not_for_channel", "Question " + qid
                            + " is asked only when staff took part");
                }
            }
        }
        for (JsonNode q : form.get("questions")) {
            if (q.path("required").asBoolean(false) && !answered.contains(q.get("questionId").asText())) {
                throw Problem.unprocessable("survey.required_question", "Question " + q.get("questionId").asText()
                        + " must be answered");
            }
        }
    }

    private void reply(Call call) {
        sandbox.auth.authenticate(call, "survey");
        String responseId = call.pathVar("responseId");
        String owner = agencyOfResponse.get(responseId);
        if (owner == null) {
            throw Problem.notFound("survey.response_unknown", "No survey response " + responseId);
        }
        if (!owner.equals(call.agency.id())) {
            throw new Problem(403, "survey.not_response_owner", "This response belongs to another agency");
        }
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("text", "action"), "survey");
        String text = Validate.text(b, "text", 2000, "survey");
        String action = Validate.text(b, "action", 16, "survey");
        if (!Set.of("noted", "applied", "rejected").contains(action)) {
            throw Problem.unprocessable("survey.invalid_action", "action is noted, applied or rejected");
        }
        String replyId = UUID.randomUUID().toString();
        sandbox.recorder.record("survey-reply", sandbox.clock.instant(), call.agency.id(),
                Map.of("responseId", responseId, "replyId", replyId, "text", text, "action", action));
        call.json(201, Map.of("replyId", replyId));
    }

    private void visits(Call call) {
        sandbox.auth.authenticate(call, "survey");
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("agencyId", "from", "to", "visits", "uniqueVisitors", "peakOnline"), "survey");
        String agencyId = Validate.text(b, "agencyId", 11, "survey");
        if (!agencyId.equals(call.agency.id())) {
            throw new Problem(403, "survey.not_agency", "Report visits for your own agency only");
        }
        Instant from;
        Instant to;
        try {
            from = OffsetDateTime.parse(Validate.text(b, "from", 40, "survey")).toInstant();
            to = OffsetDateTime.parse(Validate.text(b, "to", 40, "survey")).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.unprocessable("survey.invalid_member", "from and to are RFC 3339 timestamps");
        }
        if (!from.isBefore(to)) {
            throw Problem.unprocessable("survey.invalid_period", "from must be before to");
        }
        long visits = count(b, "visits");
        long unique = count(b, "uniqueVisitors");
        long peak = count(b, "peakOnline");
        if (unique > visits || peak > visits) {
            throw Problem.unprocessable("survey.inconsistent_counts", "uniqueVisitors and peakOnline cannot exceed visits");
        }
        sandbox.recorder.record("visits", sandbox.clock.instant(), agencyId, Map.of("from", from.toString(), "to",
                to.toString(), "visits", visits, "uniqueVisitors", unique, "peakOnline", peak));
        call.json(201, Map.of("accepted", true));
    }

    private static long count(JsonNode b, String f) {
        JsonNode v = b.get(f);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw Problem.unprocessable("survey.invalid_member", f + " must be a non-negative integer");
        }
        return v.asLong();
    }
}
