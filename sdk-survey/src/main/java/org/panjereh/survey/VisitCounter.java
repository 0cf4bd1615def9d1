package org.panjereh.survey;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.RequestOptions;

/**
 * Counts the portal's visitors for the platform's {@code /visits} report (ضوابط فنی، ماده ۳۶):
 * visits, unique visitors and the peak of visitors online at once. A visitor is known only by a keyed
 * hash of address and browser under a key that changes every day (in Iran's time zone), so no raw
 * address is kept and no visitor can be followed from one day to the next.
 */
public final class VisitCounter {

    /**
     * A period's counts.
     *
     * @param from           start
     * @param to             end
     * @param visits         page visits
     * @param uniqueVisitors distinct visitors (per day)
     * @param peakOnline     most visitors seen within the online window at once
     */
    public record Counts(Instant from, Instant to, long visits, long uniqueVisitors, long peakOnline) {
    }

    private final byte[] secret;
    private final Clock clock;
    private final Duration onlineWindow;
    private final AtomicLong visits = new AtomicLong();
    private final Set<String> unique = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final AtomicLong peak = new AtomicLong();
    private volatile Instant from;
    private volatile LocalDate keyDay;
    private volatile SecretKeySpec dayKey;

    private VisitCounter(Builder b) {
        this.secret = b.secret;
        this.clock = b.clock;
        this.onlineWindow = b.onlineWindow;
        this.from = clock.instant();
    }

    /**
     * @param secret at least 32 bytes, from a file; day keys are derived from it
     * @return a builder
     */
    public static Builder builder(byte[] secret) {
        return new Builder(secret);
    }

    /** Builder of {@link VisitCounter}. */
    public static final class Builder {
        private final byte[] secret;
        private Clock clock = Clock.systemUTC();
        private Duration onlineWindow = Duration.ofMinutes(5);

        private Builder(byte[] secret) {
            if (secret == null || secret.length < 32) {
                throw new PanjerehConfigurationException("the visit-counter secret must be at least 32 bytes");
            }
            this.secret = secret.clone();
        }

        /** @param c the clock; default the system's */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** @param d a visitor counts as online this long after their last request; default 5 minutes */
        public Builder onlineWindow(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new PanjerehConfigurationException("the online window must be longer than zero");
            }
            this.onlineWindow = d;
            return this;
        }

        /** @return the counter */
        public VisitCounter build() {
            return new VisitCounter(this);
        }
    }

    /**
     * Counts one visit.
     *
     * @param clientAddress the client's address (hashed at once, never kept)
     * @param userAgent     the browser's User-Agent, or {@code null}
     */
    public void record(String clientAddress, String userAgent) {
        Instant now = clock.instant();
        String visitor = hash(now, (clientAddress == null ? "" : clientAddress) + "|" + (userAgent == null ? "" : userAgent));
        visits.incrementAndGet();
        unique.add(visitor);
        lastSeen.put(visitor, now);
        Instant cutoff = now.minus(onlineWindow);
        lastSeen.values().removeIf(t -> t.isBefore(cutoff));
        peak.accumulateAndGet(lastSeen.size(), Math::max);
    }

    /** The counts so far in this period. */
    public Counts counts() {
        return new Counts(from, clock.instant(), visits.get(), unique.size(), peak.get());
    }

    /**
     * Ends the period: returns its counts and starts a new one.
     *
     * @return the finished period's counts
     */
    public synchronized Counts drain() {
        Counts c = counts();
        visits.set(0);
        unique.clear();
        peak.set(lastSeen.size());
        from = c.to();
        return c;
    }

    /**
     * Ends the period and reports it to the platform.
     *
     * @param platform the platform client (its agency id is reported)
     * @return the counts sent
     */
    public Counts report(PlatformClient platform) {
        Counts c = drain();
        send(platform, c);
        return c;
    }

    /**
     * Sends one period's counts to the platform's {@code /visits} (contract section 6).
     *
     * @param platform the platform client (its agency id is reported)
     * @param c        the period's counts
     * @throws org.panjereh.core.PanjerehException when the platform cannot be reached or refuses them
     */
    public static void send(PlatformClient platform, Counts c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agencyId", platform.credentials().agencyId());
        body.put("from", c.from().toString());
        body.put("to", c.to().toString());
        body.put("visits", c.visits());
        body.put("uniqueVisitors", c.uniqueVisitors());
        body.put("peakOnline", Math.min(c.peakOnline(), c.visits()));
        platform.postJson(URI.create(platform.metadata().surveyEndpoint().toString().replaceAll("/+$", "") + "/visits"), body,
                RequestOptions.none());
    }

    private String hash(Instant now, String visitor) {
        LocalDate day = JalaliDate.of(now).toLocalDate();
        SecretKeySpec k = dayKey;
        if (k == null || !day.equals(keyDay)) {
            synchronized (this) {
                if (dayKey == null || !day.equals(keyDay)) {
                    dayKey = new SecretKeySpec(hmac(new SecretKeySpec(secret, "HmacSHA256"), day.toString()), "HmacSHA256");
                    keyDay = day;
                }
                k = dayKey;
            }
        }
        return HexFormat.of().formatHex(hmac(k, visitor), 0, 16);
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
