package org.panjereh.inquiry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.panjereh.core.PanjerehConfigurationException;

/**
 * One service an agency serves to other agencies through the national exchange (contract section 12): its request
 * and answer fields with their types, the consumers allowed to ask it (each with its purposes and the answer fields
 * it may receive), a rate per consumer, and the handler that looks the answer up in the agency's own records.
 *
 * <pre>{@code
 * ProvidedService permits = ProvidedService.builder("business-permit", call -> permits.find(call.field("verificationCode")))
 *     .title("استعلام پروانه کسب").legalBasis("قانون نظام صنفی کشور")
 *     .request("verificationCode", ProvidedService.FieldType.STRING)
 *     .answer("status", ProvidedService.FieldType.STRING).answer("title", ProvidedService.FieldType.STRING)
 *     .consumer("2020", Set.of("20201000001"), Set.of("status"))
 *     .ratePerMinute(120)
 *     .build();
 * }</pre>
 */
public final class ProvidedService {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern FIELD = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,63}");

    /** The type of a request or answer field; request fields are checked and normalised by it. */
    public enum FieldType {
        /** Text, at most 256 characters. */
        STRING("string"),
        /** A number. */
        NUMBER("number"),
        /** {@code true} or {@code false}. */
        BOOLEAN("boolean"),
        /** An ISO date, {@code yyyy-mm-dd}. */
        DATE("date"),
        /** An RFC 3339 time. */
        DATETIME("datetime"),
        /** کد ملی, Persian or Arabic digits accepted. */
        NATIONAL_CODE("nationalCode"),
        /** شناسه ملی. */
        LEGAL_ENTITY_ID("legalEntityId"),
        /** کد فراگیر اتباع. */
        FIDA_CODE("fidaCode"),
        /** کد پستی. */
        POSTAL_CODE("postalCode"),
        /** شناسه پیگیری. */
        TRACKING_ID("trackingId"),
        /** شناسه خدمت. */
        SERVICE_ID("serviceId");

        private final String wire;

        FieldType(String wire) {
            this.wire = wire;
        }

        /** The type's name in a descriptor. */
        public String wireValue() {
            return wire;
        }
    }

    /**
     * A consumer agency and what it may do.
     *
     * @param agencyId the consumer's agency id
     * @param purposes the service ids it may ask on behalf of (its legal basis, {@code X-Purpose})
     * @param fields   the answer fields it may receive
     */
    public record Consumer(String agencyId, Set<String> purposes, Set<String> fields) {
        /** Freezes the sets. */
        public Consumer {
            purposes = Set.copyOf(purposes);
            fields = Set.copyOf(fields);
        }
    }

    /** Looks an answer up; an empty result is answered {@code 404 exchange.not_found}. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param call the authenticated, authorised and validated call
         * @return the answer's fields, or empty when there is no such record
         */
        Optional<Map<String, Object>> answer(ProviderCall call);
    }

    private final String name;
    private final String title;
    private final String legalBasis;
    private final Map<String, FieldType> request;
    private final Map<String, FieldType> answer;
    private final Map<String, Consumer> consumers;
    private final int ratePerMinute;
    private final Duration cacheMaxAge;
    private final Handler handler;

    private ProvidedService(Builder b) {
        this.name = b.name;
        this.title = b.title;
        this.legalBasis = b.legalBasis;
        this.request = Map.copyOf(b.request);
        this.answer = Map.copyOf(b.answer);
        Map<String, Consumer> c = new LinkedHashMap<>();
        b.consumers.forEach(x -> c.put(x.agencyId(), x));
        this.consumers = java.util.Collections.unmodifiableMap(c);
        this.ratePerMinute = b.ratePerMinute;
        this.cacheMaxAge = b.cacheMaxAge;
        this.handler = b.handler;
    }

    /**
     * @param name    the service's name at the exchange, e.g. {@code business-permit}
     * @param handler what answers it
     * @return a builder
     */
    public static Builder builder(String name, Handler handler) {
        return new Builder(name, handler);
    }

    /** The service's name at the exchange. */
    public String name() {
        return name;
    }

    /** Persian title. */
    public String title() {
        return title;
    }

    /** The law or resolution the data is served under. */
    public String legalBasis() {
        return legalBasis;
    }

    /** Request fields and their types. */
    public Map<String, FieldType> request() {
        return request;
    }

    /** Answer fields and their types. */
    public Map<String, FieldType> answer() {
        return answer;
    }

    /** The consumers, by agency id. */
    public Map<String, Consumer> consumers() {
        return consumers;
    }

    /** Calls a consumer may make in a minute. */
    public int ratePerMinute() {
        return ratePerMinute;
    }

    /** How long consumers may cache an answer; empty for {@code no-store}. */
    public Optional<Duration> cacheMaxAge() {
        return Optional.ofNullable(cacheMaxAge);
    }

    /** The handler. */
    public Handler handler() {
        return handler;
    }

    /** Builder of {@link ProvidedService}. */
    public static final class Builder {
        private final String name;
        private final Handler handler;
        private String title;
        private String legalBasis;
        private final Map<String, FieldType> request = new LinkedHashMap<>();
        private final Map<String, FieldType> answer = new LinkedHashMap<>();
        private final List<Consumer> consumers = new ArrayList<>();
        private int ratePerMinute = 60;
        private Duration cacheMaxAge;

        private Builder(String name, Handler handler) {
            this.name = name;
            this.handler = handler;
        }

        /** @param t Persian title @return this */
        public Builder title(String t) {
            this.title = t;
            return this;
        }

        /** @param l the legal basis @return this */
        public Builder legalBasis(String l) {
            this.legalBasis = l;
            return this;
        }

        /** @param field a request field @param type its type @return this */
        public Builder request(String field, FieldType type) {
            request.put(field, type);
            return this;
        }

        /** @param field an answer field @param type its type @return this */
        public Builder answer(String field, FieldType type) {
            answer.put(field, type);
            return this;
        }

        /**
         * @param agencyId the consumer agency
         * @param purposes service ids it may ask for
         * @param fields   answer fields it may receive
         * @return this
         */
        public Builder consumer(String agencyId, Set<String> purposes, Set<String> fields) {
            consumers.add(new Consumer(agencyId, purposes, fields));
            return this;
        }

        /** @param n calls per consumer per minute, 1 to 100000; 60 by default @return this */
        public Builder ratePerMinute(int n) {
            this.ratePerMinute = n;
            return this;
        }

        /** @param d how long consumers may cache answers; by default they may not ({@code no-store}) @return this */
        public Builder cacheMaxAge(Duration d) {
            this.cacheMaxAge = d;
            return this;
        }

        /**
         * @return the service
         * @throws PanjerehConfigurationException naming the first setting that is missing or wrong
         */
        public ProvidedService build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new PanjerehConfigurationException("A provided service's name is lower-case Latin, digits and '-': " + name);
            }
            if (handler == null) {
                throw new PanjerehConfigurationException("Provided service " + name + " needs a handler");
            }
            if (title == null || title.isBlank() || legalBasis == null || legalBasis.isBlank()) {
                throw new PanjerehConfigurationException("Provided service " + name + " needs a title and a legal basis");
            }
            if (request.isEmpty() || answer.isEmpty()) {
                throw new PanjerehConfigurationException("Provided service " + name + " declares no request or no answer fields");
            }
            for (String f : request.keySet()) {
                if (!FIELD.matcher(f).matches()) {
                    throw new PanjerehConfigurationException("Request field " + f + " of " + name + " is not a Latin name");
                }
            }
            for (Consumer c : consumers) {
                if (!c.agencyId().matches("[0-9]{1,11}") || c.purposes().isEmpty()
                        || !c.purposes().stream().allMatch(p -> p.matches("[0-9]{11}"))) {
                    throw new PanjerehConfigurationException("Consumer " + c.agencyId() + " of " + name
                            + " needs an agency id and 11-digit purposes");
                }
                if (c.fields().isEmpty() || !answer.keySet().containsAll(c.fields())) {
                    throw new PanjerehConfigurationException("Consumer " + c.agencyId() + " of " + name
                            + " may receive only declared answer fields");
                }
            }
            if (ratePerMinute < 1 || ratePerMinute > 100_000) {
                throw new PanjerehConfigurationException("ratePerMinute of " + name + " is 1 to 100000");
            }
            if (cacheMaxAge != null && (cacheMaxAge.isNegative() || cacheMaxAge.isZero())) {
                throw new PanjerehConfigurationException("cacheMaxAge of " + name + " must be positive");
            }
            return new ProvidedService(this);
        }
    }
}
