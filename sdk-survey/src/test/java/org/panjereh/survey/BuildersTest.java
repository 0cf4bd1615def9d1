package org.panjereh.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.panjereh.core.SigningKey;

/** The survey's entry points are made by builders that refuse bad settings when built, with sane defaults. */
class BuildersTest {

    @Test
    void badSettingsAreRefusedWithClearMessages() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        assertThrows(NullPointerException.class, () -> SurveyTickets.builder(null));
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(91), null}) {
            assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> SurveyTickets.builder(key).lifetime(bad));
        }
        org.panjereh.core.PanjerehConfigurationException shortSecret = assertThrows(org.panjereh.core.PanjerehConfigurationException.class,
                () -> VisitCounter.builder(new byte[16]));
        assertTrue(shortSecret.getMessage().contains("32 bytes"), shortSecret.getMessage());
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> VisitCounter.builder(new byte[32]).onlineWindow(Duration.ZERO));
    }

    @Test
    void defaultsAreUsable() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        SurveyTickets tickets = SurveyTickets.builder(key).build();
        String t = tickets.mint(org.panjereh.core.TrackingId.of("10101234568000000123"),
                org.panjereh.core.ServiceId.of("10101234568"), org.panjereh.core.Channel.WEB, "sub-1");
        assertEquals("sub-1", tickets.peek(t).subject());
        VisitCounter visits = VisitCounter.builder(new byte[32]).build();
        visits.record("192.0.2.1", "test");
        assertEquals(1, visits.counts().visits());
    }
}
