package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection per endpoint name (e.g. {@code tracking.issue}, {@code exchange}, {@code *}):
 * latency, errors at a rate with a chosen status, dropped connections, downtime windows, and signing
 * with a wrong key. Random choices come from one generator per rule, seeded from the sandbox seed and
 * the rule's name, so a run is repeatable.
 */
final class Faults {

    /**
     * One rule. Rates are 0..1.
     *
     * @param latencyMs        added latency
     * @param errorRate        share of requests answered with {@code errorStatus}
     * @param errorStatus      the status of injected errors (default 503)
     * @param dropRate         share of connections closed before the request is handled
     * @param dropResponseRate share of requests handled but whose answer is lost (the connection closes instead)
     * @param down             answer 503 to everything
     * @param downFrom         start of a downtime window, or {@code null}
     * @param downUntil        end of a downtime window, or {@code null}
     * @param retryAfterSeconds {@code Retry-After} on injected 429/503, or {@code null}
     * @param wrongKey         sign answers with a key the platform does not publish
     */
    record Rule(long latencyMs, double errorRate, int errorStatus, double dropRate, double dropResponseRate, boolean down,
                Instant downFrom, Instant downUntil, Integer retryAfterSeconds, boolean wrongKey) {

        static Rule parse(JsonNode n) {
            if (n == null || !n.isObject()) {
                throw Problem.badRequest("admin.invalid_fault", "A fault rule must be a JSON object");
            }
            for (var it = n.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!java.util.Set.of("latencyMs", "errorRate", "errorStatus", "dropRate", "dropResponseRate", "down", "downFrom", "downUntil",
                        "retryAfterSeconds", "wrongKey").contains(f)) {
                    throw Problem.badRequest("admin.invalid_fault", "Unknown fault member " + f);
                }
            }
            long latency = n.path("latencyMs").asLong(0);
            double err = n.path("errorRate").asDouble(0);
            int status = n.path("errorStatus").asInt(503);
            double drop = n.path("dropRate").asDouble(0);
            double dropResponse = n.path("dropResponseRate").asDouble(0);
            if (latency < 0 || latency > 120_000 || err < 0 || err > 1 || drop < 0 || drop > 1 || dropResponse < 0
                    || dropResponse > 1 || status < 400 || status > 599) {
                throw Problem.badRequest("admin.invalid_fault",
                        "latencyMs 0-120000, errorRate, dropRate and dropResponseRate 0-1, errorStatus 400-599");
            }
            try {
                return new Rule(latency, err, status, drop, dropResponse, n.path("down").asBoolean(false),
                        n.hasNonNull("downFrom") ? Instant.parse(n.get("downFrom").asText()) : null,
                        n.hasNonNull("downUntil") ? Instant.parse(n.get("downUntil").asText()) : null,
                        n.hasNonNull("retryAfterSeconds") ? n.get("retryAfterSeconds").asInt() : null,
                        n.path("wrongKey").asBoolean(false));
            } catch (java.time.format.DateTimeParseException e) {
                throw Problem.badRequest("admin.invalid_fault", "downFrom and downUntil are RFC 3339 instants");
            }
        }
    }

    /** What to do with one request. */
    enum Action { PASS, DROP, DROP_RESPONSE }

    private record Armed(Rule rule, Random random) {
    }

    private final long seed;
    private final Clock clock;
    private final Map<String, Armed> rules = new ConcurrentHashMap<>();

    Faults(long seed, Clock clock) {
        this.seed = seed;
        this.clock = clock;
    }

    void set(String endpoint, Rule rule) {
        rules.put(endpoint, new Armed(rule, new Random(seed ^ endpoint.hashCode())));
    }

    void clear() {
        rules.clear();
    }

    void remove(String endpoint) {
        rules.remove(endpoint);
    }

    Map<String, Rule> list() {
        Map<String, Rule> m = new LinkedHashMap<>();
        rules.forEach((k, v) -> m.put(k, v.rule()));
        return m;
    }

    private Armed find(String endpoint) {
        Armed a = rules.get(endpoint);
        if (a != null) {
            return a;
        }
        int dot = endpoint.indexOf('.');
        if (dot > 0 && (a = rules.get(endpoint.substring(0, dot))) != null) {
            return a;
        }
        return rules.get("*");
    }

    /** The contract's own codes where it names them (section 7), else a sandbox code. */
    static String codeFor(String endpoint, int status) {
        if (endpoint.startsWith("exchange.")) {
            if (status == 502) {
                return "exchange.provider_unavailable";
            }
            if (status == 504) {
                return "exchange.provider_timeout";
            }
        }
        if (status == 429) {
            return "rate_limited";
        }
        if (status == 503) {
            return "platform.unavailable";
        }
        return "sandbox.injected_fault";
    }

    /** Whether answers of this endpoint are to be signed with the wrong key. */
    boolean wrongKey(String endpoint) {
        Armed a = find(endpoint);
        return a != null && a.rule().wrongKey();
    }

    /**
     * Applies the endpoint's rule: may sleep, throw an injected problem, or ask to drop the connection.
     */
    Action apply(String endpoint) throws InterruptedException {
        Armed a = find(endpoint);
        if (a == null) {
            return Action.PASS;
        }
        Rule r = a.rule();
        Instant now = clock.instant();
        boolean inWindow = r.downFrom() != null && !now.isBefore(r.downFrom())
                && (r.downUntil() == null || now.isBefore(r.downUntil()));
        if (r.down() || inWindow) {
            Map<String, String> h = new LinkedHashMap<>();
            if (r.retryAfterSeconds() != null) {
                h.put("Retry-After", Integer.toString(r.retryAfterSeconds()));
            } else if (inWindow && r.downUntil() != null) {
                h.put("Retry-After", Long.toString(Math.max(1, Duration.between(now, r.downUntil()).toSeconds())));
            }
            throw new Problem(503, "platform.unavailable", "The platform is down (injected fault)", Map.of(), h);
        }
        double roll;
        double roll2;
        double roll3;
        synchronized (a) {
            roll = a.random().nextDouble();
            roll2 = a.random().nextDouble();
            roll3 = a.random().nextDouble();
        }
        if (r.latencyMs() > 0) {
            Thread.sleep(r.latencyMs());
        }
        if (roll < r.dropRate()) {
            return Action.DROP;
        }
        if (roll2 < r.errorRate()) {
            Map<String, String> h = r.retryAfterSeconds() == null ? Map.of()
                    : Map.of("Retry-After", Integer.toString(r.retryAfterSeconds()));
            throw new Problem(r.errorStatus(), codeFor(endpoint, r.errorStatus()), "Injected fault on " + endpoint, Map.of(), h);
        }
        return roll3 < r.dropResponseRate() ? Action.DROP_RESPONSE : Action.PASS;
    }
}
