package org.panjereh.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.panjereh.core.Channel;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.testing.MutableClock;

class SurveyTicketsTest {

    static final TrackingId T = TrackingId.withCheckDigits("101012345670000001");
    static final ServiceId S = ServiceId.of("10101234567");

    static SigningKey key() throws Exception {
        return SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
    }

    @Test
    void aTicketIsGoodOnceForItsRequest() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        SurveyTickets tickets = SurveyTickets.builder(key()).lifetime(Duration.ofDays(7)).clock(clock).build();
        String ticket = tickets.mint(T, S, Channel.COUNTER, "sub-1");
        SurveyTicket peeked = tickets.peek(ticket);
        assertEquals(Channel.COUNTER, peeked.channel());
        SurveyTicket t = tickets.redeem(ticket, T);
        assertEquals(T, t.trackingId());
        assertEquals(S, t.serviceId());
        assertEquals("sub-1", t.subject());
        assertEquals(SurveyException.Reason.TICKET_USED, assertThrows(SurveyException.class, () -> tickets.redeem(ticket, T)).reason());
        assertEquals(SurveyException.Reason.TICKET_USED, assertThrows(SurveyException.class, () -> tickets.peek(ticket)).reason());
        tickets.release(t);
        assertEquals(T, tickets.redeem(ticket, T).trackingId(), "released after a failed store, usable again");
    }

    @Test
    void expiredWrongRequestAndForged() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        SigningKey ours = key();
        SurveyTickets tickets = SurveyTickets.builder(ours).lifetime(Duration.ofDays(7)).clock(clock).build();
        String ticket = tickets.mint(T, S, Channel.WEB, "sub-1");
        assertEquals(SurveyException.Reason.TICKET_MISMATCH, assertThrows(SurveyException.class,
                () -> tickets.redeem(ticket, TrackingId.withCheckDigits("101012345670000002"))).reason());
        String forged = SurveyTickets.builder(key()).lifetime(Duration.ofDays(7)).clock(clock).build().mint(T, S, Channel.WEB, "sub-1");
        assertEquals(SurveyException.Reason.TICKET_INVALID, assertThrows(SurveyException.class, () -> tickets.redeem(forged, T)).reason());
        String[] parts = ticket.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertEquals(SurveyException.Reason.TICKET_INVALID, assertThrows(SurveyException.class, () -> tickets.redeem(tampered, T)).reason());
        assertEquals(SurveyException.Reason.TICKET_INVALID, assertThrows(SurveyException.class, () -> tickets.redeem("garbage", T)).reason());
        assertEquals(SurveyException.Reason.TICKET_INVALID, assertThrows(SurveyException.class, () -> tickets.redeem(null, T)).reason());
        clock.advance(Duration.ofDays(8));
        SurveyException expired = assertThrows(SurveyException.class, () -> tickets.redeem(ticket, T));
        assertEquals(SurveyException.Reason.TICKET_EXPIRED, expired.reason());
        assertEquals("مهلت پاسخ به این نظرسنجی تمام شده است.", expired.persianMessage());
    }
}
