package org.panjereh.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-call options, immutable and validated when built (the stripe-java pattern).
 *
 * <p>The {@code Idempotency-Key} is what makes a retried POST safe (contract section 0): the platform
 * answers a repeat of the same key with the first answer. When none is given Panjereh makes one per
 * call and keeps it across its own retries; give your own when <em>your</em> code may repeat the call,
 * for example after a restart, and it must not act twice (issuing a tracking id for a form that was
 * already submitted).
 *
 * <pre>{@code
 * RequestOptions opts = RequestOptions.builder()
 *     .idempotencyKey(UUID.nameUUIDFromBytes(("apply:" + formId).getBytes(UTF_8)))
 *     .build();
 * }</pre>
 */
public final class RequestOptions {

    private static final RequestOptions NONE = new RequestOptions(null, null, Map.of(), null, 0);
    /** Headers the client sets itself; a caller may not override them. */
    private static final Set<String> RESERVED = Set.of("authorization", "dpop", "idempotency-key", "x-request-id",
            "content-type", "content-length", "host", "user-agent");

    private final UUID idempotencyKey;
    private final UUID requestId;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final int maxAttempts;

    private RequestOptions(UUID idempotencyKey, UUID requestId, Map<String, String> headers, Duration timeout,
                           int maxAttempts) {
        this.idempotencyKey = idempotencyKey;
        this.requestId = requestId;
        this.headers = headers;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
    }

    /** A whole-call timeout for each attempt, overriding the client's, if set. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Attempts for this call, overriding the client's retry policy; 0 when not set. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Options with nothing set: keys and ids are generated. */
    public static RequestOptions none() {
        return NONE;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The idempotency key chosen by the caller, if any. */
    public Optional<UUID> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** The {@code X-Request-Id} chosen by the caller, if any. */
    public Optional<UUID> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** Extra headers for this call (for example {@code If-None-Match} or the exchange's {@code X-Purpose}). */
    public Map<String, String> headers() {
        return headers;
    }

    /** Header names only: values may carry personal references. */
    @Override
    public String toString() {
        return "RequestOptions[idempotencyKey=" + idempotencyKey + ", requestId=" + requestId + ", headers="
                + headers.keySet() + "]";
    }

    /** Builder of {@link RequestOptions}. */
    public static final class Builder {
        private UUID idempotencyKey;
        private UUID requestId;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration timeout;
        private int maxAttempts;

        private Builder() {
        }

        /** @param key the idempotency key */
        public Builder idempotencyKey(UUID key) {
            this.idempotencyKey = Objects.requireNonNull(key, "idempotencyKey");
            return this;
        }

        /**
         * @param key the idempotency key as text; must be a UUID (contract section 0)
         * @return this builder
         * @throws IllegalArgumentException if it is not a UUID
         */
        public Builder idempotencyKey(String key) {
            this.idempotencyKey = parseUuid(key, "idempotencyKey");
            return this;
        }

        /** @param id the request id to send as {@code X-Request-Id} */
        public Builder requestId(UUID id) {
            this.requestId = Objects.requireNonNull(id, "requestId");
            return this;
        }

        /**
         * Adds a header to this call.
         *
         * @param name  header name; not one the client sets itself (Authorization, DPoP, Idempotency-Key, …)
         * @param value header value, printable ASCII
         * @return this builder
         * @throws IllegalArgumentException for a reserved or malformed header
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!name.matches("[A-Za-z0-9-]{1,64}") || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new PanjerehConfigurationException("Header " + name + " is reserved or malformed");
            }
            if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) || value.length() > 8192) {
                throw new PanjerehConfigurationException("Header " + name + " must be printable ASCII up to 8 KiB");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * @param d timeout of each attempt, from sending to the last byte of the answer
         * @return this builder
         */
        public Builder timeout(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new PanjerehConfigurationException("timeout must be positive");
            }
            this.timeout = d;
            return this;
        }

        /**
         * @param n attempts for this call (1 = no retry), 1-10; overrides the client's retry policy
         * @return this builder
         */
        public Builder maxAttempts(int n) {
            if (n < 1 || n > 10) {
                throw new PanjerehConfigurationException("maxAttempts must be between 1 and 10");
            }
            this.maxAttempts = n;
            return this;
        }

        /** @return the options */
        public RequestOptions build() {
            return new RequestOptions(idempotencyKey, requestId, Map.copyOf(headers), timeout, maxAttempts);
        }

        private static UUID parseUuid(String s, String what) {
            if (s == null || s.length() != 36) {
                throw new PanjerehConfigurationException(what + " must be a UUID in its 36-character form");
            }
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                throw new PanjerehConfigurationException(what + " must be a UUID in its 36-character form", e);
            }
        }
    }
}
