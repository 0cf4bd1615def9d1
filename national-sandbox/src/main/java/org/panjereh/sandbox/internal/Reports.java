package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ibm.icu.util.Calendar;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.panjereh.core.shared.Json;

/**
 * Monthly performance reports (contract section 13): one report per agency and Jalali month, versioned.
 * The first is stored with {@code If-None-Match: *} (or no precondition); the same content again answers
 * {@code 200} with the version held; different content is a correction and needs {@code If-Match} of the
 * version held ({@code 412 reports.version_conflict} otherwise). Content is compared without
 * {@code generatedAt}, which a recomputation changes. Every report is checked member by member with this
 * sandbox's own rules, so that no personal data or unknown member gets in.
 */
final class Reports {

    private static final Pattern MONTH = Pattern.compile("([0-9]{4})-(0[1-9]|1[0-2])");
    private static final Set<String> TOP = Set.of("agencyId", "month", "generatedAt", "services", "portal", "exchange");
    private static final Set<String> COUNTS = Set.of("startedOnline", "delivered", "rejected", "cancelled", "open",
            "deliveredWithinExpected", "paidElectronically", "confirmedReceipts", "inPersonVisits");
    private static final Set<String> SERVICE = union(COUNTS, Set.of("serviceId", "received", "medianDays", "p90Days", "survey"));
    private static final Set<String> SURVEY = Set.of("responses", "responseRate", "satisfactionMean", "replied");
    private static final Set<String> PORTAL = Set.of("visits", "uniqueVisitors", "peakOnline");
    private static final Set<String> EXCHANGE = Set.of("asked", "answeredAsProvider", "refusedAsProvider");
    private static final TimeZone TEHRAN = TimeZone.getTimeZone("Asia/Tehran");

    private final Sandbox sandbox;
    /** {@code agencyId/yyyy-mm} → {@code { "version", "receivedAt", "report" }}. */
    private final ConcurrentMap<String, String> held;

    Reports(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.held = sandbox.store.map("reports");
    }

    void routes(Router r) {
        r.add("PUT", "/reports/monthly/{agencyId}/{month}", "reports.put", this::put);
        r.add("GET", "/reports/monthly/{agencyId}/{month}", "reports.get", this::get);
    }

    private void get(Call call) {
        sandbox.auth.authenticate(call, "reports");
        String key = key(call);
        String h = held.get(key);
        if (h == null) {
            throw Problem.notFound("reports.not_found", "No report for " + key);
        }
        JsonNode entry = tree(h);
        call.header("ETag", etag(entry.get("version").asInt()));
        call.header("Cache-Control", "no-store");
        call.json(200, entry.get("report"));
    }

    private void put(Call call) {
        sandbox.auth.authenticate(call, "reports");
        String key = key(call);
        ObjectNode report = call.jsonObject();
        List<Map<String, String>> errors = new ArrayList<>();
        check(report, call.pathVar("agencyId"), call.pathVar("month"), errors);
        if (!errors.isEmpty()) {
            throw new Problem(422, "reports.invalid_report", errors.size() + " problem(s) in the report; see errors",
                    Map.of("errors", errors), Map.of());
        }
        String ifMatch = call.header("If-Match");
        String ifNoneMatch = call.header("If-None-Match");
        Instant now = sandbox.clock.instant();
        synchronized (held) {
            String h = held.get(key);
            JsonNode before = h == null ? null : tree(h);
            int version;
            int status;
            if (before == null) {
                if (ifMatch != null) {
                    throw new Problem(412, "reports.version_conflict", "No report is held for " + key + " to match");
                }
                version = 1;
                status = 201;
            } else if (sameContent(before.get("report"), report)) {
                answer(call, 200, key, before.get("version").asInt(), before.get("receivedAt").asText(), false);
                return;
            } else {
                String current = etag(before.get("version").asInt());
                if (ifMatch == null || !ifMatch.trim().equals(current)) {
                    throw new Problem(412, "reports.version_conflict", "A different report is held for " + key
                            + " (version " + current + "); a correction needs If-Match of it"
                            + (ifNoneMatch != null ? ", not If-None-Match" : ""));
                }
                version = before.get("version").asInt() + 1;
                status = 200;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("version", version);
            entry.put("receivedAt", now.toString());
            entry.put("report", report);
            held.put(key, new String(Json.write(entry), java.nio.charset.StandardCharsets.UTF_8));
            boolean late = late(call.pathVar("month"), now);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("month", call.pathVar("month"));
            rec.put("version", version);
            rec.put("correction", version > 1);
            rec.put("late", late);
            rec.put("report", report);
            sandbox.recorder.record("report", now, call.agency.id(), rec);
            answer(call, status, key, version, now.toString(), late);
        }
    }

    private void answer(Call call, int status, String key, int version, String receivedAt, boolean late) {
        call.header("ETag", etag(version));
        String[] parts = key.split("/");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agencyId", parts[0]);
        body.put("month", parts[1]);
        body.put("version", version);
        body.put("receivedAt", receivedAt);
        if (late) {
            body.put("late", true);
        }
        call.json(status, body);
    }

    private String key(Call call) {
        String agencyId = call.pathVar("agencyId");
        String month = call.pathVar("month");
        if (!agencyId.matches("[0-9]{1,11}")) {
            throw Problem.badRequest("reports.invalid_agency", "agencyId is 1-11 ASCII digits");
        }
        if (!MONTH.matcher(month).matches()) {
            throw Problem.badRequest("reports.invalid_month", "month is a Jalali yyyy-mm, e.g. 1405-09");
        }
        if (!agencyId.equals(call.agency.id())) {
            throw new Problem(403, "reports.not_agency", "Report for your own agency only");
        }
        if (start(month).isAfter(sandbox.clock.instant())) {
            throw Problem.unprocessable("reports.month_in_future", "Month " + month + " has not begun in Tehran");
        }
        return agencyId + "/" + month;
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A held report is unreadable", e);
        }
    }

    /** Content equality, {@code generatedAt} aside. */
    private static boolean sameContent(JsonNode a, JsonNode b) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        x.remove("generatedAt");
        y.remove("generatedAt");
        return x.equals(y);
    }

    private static String etag(int version) {
        return "\"" + version + "\"";
    }

    /** The instant the Jalali month begins in Tehran, by ICU's Persian calendar. */
    static Instant start(String month) {
        var m = MONTH.matcher(month);
        if (!m.matches()) {
            throw new IllegalArgumentException(month);
        }
        Calendar c = Calendar.getInstance(TEHRAN, new ULocale("fa_IR@calendar=persian"));
        c.clear();
        c.set(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) - 1, 1, 0, 0, 0);
        return Instant.ofEpochMilli(c.getTimeInMillis());
    }

    /** Reported after the fifth day of the next month (section 13). */
    private static boolean late(String month, Instant now) {
        Calendar c = Calendar.getInstance(TEHRAN, new ULocale("fa_IR@calendar=persian"));
        c.setTimeInMillis(start(month).toEpochMilli());
        c.add(Calendar.MONTH, 1);
        c.add(Calendar.DAY_OF_MONTH, 5);
        return !now.isBefore(Instant.ofEpochMilli(c.getTimeInMillis()));
    }

    private void check(ObjectNode r, String agencyId, String month, List<Map<String, String>> errors) {
        members(r, TOP, "", errors);
        if (!agencyId.equals(r.path("agencyId").asText(null))) {
            error(errors, "agencyId", "must be " + agencyId + ", the agency in the URL");
        }
        if (!month.equals(r.path("month").asText(null))) {
            error(errors, "month", "must be " + month + ", the month in the URL");
        }
        try {
            OffsetDateTime.parse(r.path("generatedAt").asText(""));
        } catch (DateTimeParseException e) {
            error(errors, "generatedAt", "must be an RFC 3339 timestamp");
        }
        JsonNode services = r.get("services");
        if (services == null || !services.isArray()) {
            error(errors, "services", "is required: an array, one entry per service");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < services.size(); i++) {
                service(services.get(i), "services[" + i + "].", agencyId, seen, errors);
            }
        }
        if (r.has("portal")) {
            JsonNode p = r.get("portal");
            if (members(p, PORTAL, "portal.", errors)) {
                long visits = count(p, "visits", "portal.", errors, true);
                long unique = count(p, "uniqueVisitors", "portal.", errors, true);
                long peak = count(p, "peakOnline", "portal.", errors, true);
                if (visits >= 0 && (unique > visits || peak > visits)) {
                    error(errors, "portal", "uniqueVisitors and peakOnline cannot exceed visits");
                }
            }
        }
        if (r.has("exchange") && members(r.get("exchange"), EXCHANGE, "exchange.", errors)) {
            for (String f : EXCHANGE) {
                count(r.get("exchange"), f, "exchange.", errors, true);
            }
        }
    }

    private void service(JsonNode s, String at, String agencyId, Set<String> seen, List<Map<String, String>> errors) {
        if (!members(s, SERVICE, at, errors)) {
            return;
        }
        String id = s.path("serviceId").asText("");
        JsonNode card = sandbox.cards.served(id);
        if (!id.matches("[0-9]{11}")) {
            error(errors, at + "serviceId", "is 11 ASCII digits");
        } else if (card == null || !card.path("agencyId").asText().equals(agencyId)) {
            error(errors, at + "serviceId", "is not a service of agency " + agencyId);
        } else if (!seen.add(id)) {
            error(errors, at + "serviceId", "appears twice");
        }
        for (String f : COUNTS) {
            count(s, f, at, errors, true);
        }
        long within = count(s, "deliveredWithinExpected", at, errors, false);
        long delivered = count(s, "delivered", at, errors, false);
        if (within >= 0 && delivered >= 0 && within > delivered) {
            error(errors, at + "deliveredWithinExpected", "cannot exceed delivered");
        }
        JsonNode received = s.get("received");
        if (received == null || !received.isObject()) {
            error(errors, at + "received", "is required: requests received by channel");
        } else {
            for (Iterator<String> it = received.fieldNames(); it.hasNext();) {
                String ch = it.next();
                if (!Tracking.CHANNELS.contains(ch)) {
                    error(errors, at + "received." + ch, "is not a channel (" + Tracking.CHANNELS + ")");
                } else {
                    count(received, ch, at + "received.", errors, true);
                }
            }
        }
        Double median = days(s, "medianDays", at, errors);
        Double p90 = days(s, "p90Days", at, errors);
        if (median != null && p90 != null && p90 < median) {
            error(errors, at + "p90Days", "cannot be less than medianDays");
        }
        JsonNode survey = s.get("survey");
        if (survey == null) {
            error(errors, at + "survey", "is required");
        } else if (members(survey, SURVEY, at + "survey.", errors)) {
            long responses = count(survey, "responses", at + "survey.", errors, true);
            long replied = count(survey, "replied", at + "survey.", errors, true);
            if (responses >= 0 && replied > responses) {
                error(errors, at + "survey.replied", "cannot exceed responses");
            }
            JsonNode rate = survey.get("responseRate");
            if (rate == null || !rate.isNumber() || rate.asDouble() < 0 || rate.asDouble() > 1) {
                error(errors, at + "survey.responseRate", "is a number from 0 to 1");
            }
            JsonNode mean = survey.get("satisfactionMean");
            boolean none = mean == null || mean.isNull();
            if (none ? responses > 0 : !mean.isNumber() || mean.asDouble() < 1 || mean.asDouble() > 5) {
                error(errors, at + "survey.satisfactionMean", "is a number from 1 to 5 (null only with no responses)");
            }
        }
    }

    private static boolean members(JsonNode n, Set<String> allowed, String at, List<Map<String, String>> errors) {
        if (n == null || !n.isObject()) {
            error(errors, at.isEmpty() ? "(body)" : at.substring(0, at.length() - 1), "must be an object");
            return false;
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                error(errors, at + f, "is not a member of a monthly report (reports carry figures only)");
            }
        }
        return true;
    }

    /** The whole number at {@code f}, or -1 (and an error when {@code report}) when it is not one. */
    private static long count(JsonNode n, String f, String at, List<Map<String, String>> errors, boolean report) {
        JsonNode v = n.get(f);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            if (report) {
                error(errors, at + f, "is required: a whole number, 0 or more");
            }
            return -1;
        }
        return v.asLong();
    }

    private static Double days(JsonNode n, String f, String at, List<Map<String, String>> errors) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < 0) {
            error(errors, at + f, "is a number of days, 0 or more, or null when nothing was delivered");
            return null;
        }
        return v.asDouble();
    }

    private static void error(List<Map<String, String>> errors, String member, String detail) {
        errors.add(Map.of("member", member, "detail", detail));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }
}
