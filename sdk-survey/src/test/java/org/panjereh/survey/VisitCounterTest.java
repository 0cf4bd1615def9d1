package org.panjereh.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.panjereh.testing.MutableClock;

class VisitCounterTest {

    @Test
    void uniqueVisitorsPeakOnlineAndDailyRotation() {
        MutableClock clock = new MutableClock();
        clock.set(Instant.parse("2026-11-22T10:00:00Z"));
        VisitCounter v = VisitCounter.builder(new byte[32]).clock(clock).onlineWindow(Duration.ofMinutes(5)).build();
        v.record("10.0.0.1", "Firefox");
        v.record("10.0.0.1", "Firefox");
        v.record("10.0.0.2", "Firefox");
        v.record("10.0.0.1", "Chrome");
        VisitCounter.Counts c = v.counts();
        assertEquals(4, c.visits());
        assertEquals(3, c.uniqueVisitors());
        assertEquals(3, c.peakOnline());
        clock.advance(Duration.ofMinutes(10));
        v.record("10.0.0.9", "Safari");
        assertEquals(3, v.counts().peakOnline(), "the earlier three went offline; the peak stays");
        // 20:30 UTC is midnight in Tehran: a new day key, so the same visitor counts again.
        clock.set(Instant.parse("2026-11-22T20:31:00Z"));
        v.record("10.0.0.1", "Firefox");
        assertEquals(5, v.counts().uniqueVisitors());
        VisitCounter.Counts day = v.drain();
        assertEquals(6, day.visits());
        assertEquals(0, v.counts().visits());
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> VisitCounter.builder(new byte[8]).clock(clock).onlineWindow(Duration.ofMinutes(5)).build());
    }
}
