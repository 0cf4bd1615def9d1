package org.panjereh.survey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.core.Channel;
import org.panjereh.core.InvalidIdentifierException;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;

/**
 * Survey tickets: short-lived, signed, single-use tokens minted when a service is delivered, bound to
 * the tracking id, the service and the citizen, so that only the person served answers, and once.
 * Signed with the agency's own key (ES256 or PS256); a ticket from anyone else does not verify.
 *
 * <pre>{@code
 * SurveyTickets tickets = SurveyTickets.builder(credentials.signingKey()).lifetime(Duration.ofDays(7)).build();
 * String ticket = tickets.mint(trackingId, serviceId, Channel.WEB, citizen.subject());   // on delivery
 * SurveyTicket t = tickets.redeem(ticketFromForm, trackingIdFromPage);                  // when the answer comes
 * }</pre>
 */
public final class SurveyTickets {

    private static final JOSEObjectType TYPE = new JOSEObjectType("panjereh-survey-ticket+jwt");

    private final SigningKey key;
    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    private SurveyTickets(Builder b) {
        this.key = b.key;
        this.lifetime = b.lifetime;
        this.clock = b.clock;
    }

    /**
     * @param key the agency's signing key (tickets are JWTs it signs)
     * @return a builder
     */
    public static Builder builder(SigningKey key) {
        return new Builder(key);
    }

    /** Builder of {@link SurveyTickets}. */
    public static final class Builder {
        private final SigningKey key;
        private Duration lifetime = Duration.ofDays(7);
        private Clock clock = Clock.systemUTC();

        private Builder(SigningKey key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        /** @param d how long a ticket may be answered; default 7 days, at most 90 */
        public Builder lifetime(Duration d) {
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(90)) > 0) {
                throw new PanjerehConfigurationException("a ticket's lifetime must be more than zero and at most 90 days");
            }
            this.lifetime = d;
            return this;
        }

        /** @param c the clock; default the system's */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** @return the tickets */
        public SurveyTickets build() {
            return new SurveyTickets(this);
        }
    }

    /**
     * Mints a ticket for a delivered request.
     *
     * @param trackingId the request
     * @param serviceId  its service
     * @param channel    where the citizen was served
     * @param subject    the citizen's sub
     * @return the compact ticket, safe in a URL or a hidden form field
     */
    public String mint(TrackingId trackingId, ServiceId serviceId, Channel channel, String subject) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).subject(subject)
                .claim("tid", trackingId.value()).claim("svc", serviceId.value()).claim("ch", channel.wireValue())
                .audience("panjereh-survey").issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm()).keyID(key.keyId()).type(TYPE).build(), claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a survey ticket", e);
        }
        return jwt.serialize();
    }

    /**
     * Checks a ticket without using it (to show the form).
     *
     * @param ticket the compact ticket
     * @return what it says
     * @throws SurveyException when it is forged, expired or already used
     */
    public SurveyTicket peek(String ticket) {
        SurveyTicket t = verify(ticket);
        if (used.containsKey(t.id())) {
            throw new SurveyException(SurveyException.Reason.TICKET_USED, "ticket already used");
        }
        return t;
    }

    /**
     * The tracking id of a well-signed ticket, used or not (for records and tests).
     *
     * @param ticket the compact ticket
     * @return the tracking id's digits
     */
    public String peekIgnoringUse(String ticket) {
        return verify(ticket).trackingId().value();
    }

    /**
     * Uses a ticket: it is valid once.
     *
     * @param ticket   the compact ticket
     * @param expected the request the answer says it is for, or {@code null} not to check
     * @return what it says
     * @throws SurveyException when it is forged, expired, used, or for another request
     */
    public SurveyTicket redeem(String ticket, TrackingId expected) {
        SurveyTicket t = verify(ticket);
        if (expected != null && !expected.equals(t.trackingId())) {
            throw new SurveyException(SurveyException.Reason.TICKET_MISMATCH, "ticket is for another request");
        }
        Instant now = clock.instant();
        if (used.size() > 100_000) {
            used.values().removeIf(x -> x.isBefore(now));
        }
        if (used.putIfAbsent(t.id(), t.expiresAt()) != null) {
            throw new SurveyException(SurveyException.Reason.TICKET_USED, "ticket already used");
        }
        return t;
    }

    /**
     * Gives a ticket back after the answer could not be stored, so the citizen can try again.
     *
     * @param t the ticket
     */
    public void release(SurveyTicket t) {
        used.remove(t.id());
    }

    private SurveyTicket verify(String ticket) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 4096) {
            throw new SurveyException(SurveyException.Reason.TICKET_INVALID, "no ticket");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(ticket.strip());
            if (!key.algorithm().equals(jwt.getHeader().getAlgorithm()) || !TYPE.equals(jwt.getHeader().getType())
                    || !jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(),
                    ((AsymmetricJWK) key.publicJwk()).toPublicKey()))) {
                throw new SurveyException(SurveyException.Reason.TICKET_INVALID, "ticket signature does not verify");
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (c.getAudience() == null || !c.getAudience().contains("panjereh-survey") || c.getExpirationTime() == null
                    || c.getJWTID() == null) {
                throw new SurveyException(SurveyException.Reason.TICKET_INVALID, "ticket lacks required claims");
            }
            if (!clock.instant().isBefore(c.getExpirationTime().toInstant())) {
                throw new SurveyException(SurveyException.Reason.TICKET_EXPIRED, "ticket expired");
            }
            return new SurveyTicket(c.getJWTID(), TrackingId.of(c.getStringClaim("tid")), ServiceId.of(c.getStringClaim("svc")),
                    Channel.fromWire(c.getStringClaim("ch")), c.getSubject(), c.getExpirationTime().toInstant());
        } catch (java.text.ParseException | JOSEException | InvalidIdentifierException | IllegalArgumentException
                 | NullPointerException e) {
            throw new SurveyException(SurveyException.Reason.TICKET_INVALID, "ticket is malformed");
        }
    }
}
