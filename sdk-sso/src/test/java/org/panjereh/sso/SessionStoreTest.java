package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.MobileNumber;
import org.panjereh.core.NationalCode;
import org.panjereh.sso.internal.InMemorySessionStore;
import org.panjereh.sso.internal.JdbcSessionStore;

/** Both session stores: save, find, expiry, and ending sessions by sid and by sub. */
class SessionStoreTest {

    @TempDir
    Path dir;

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final URI ISS = URI.create("https://platform.example");

    static Citizen citizen(String sub, String sid) {
        return new Citizen(ISS, sub, PersonType.NATURAL, NationalCode.of("0499370899"), null, null, "مریم", "احمدی",
                LocalDate.of(1990, 5, 12), MobileNumber.of("09121234567"), LevelOfAssurance.LOA2, sid, NOW);
    }

    static PortalSession session(String id, Citizen c, Instant expires) {
        return new PortalSession(id, null, c, "id.token.x", "csrf-" + id, NOW, expires);
    }

    void contract(SessionStore s) {
        s.save(session("a", citizen("sub-1", "sid-1"), NOW.plusSeconds(3600)));
        s.save(session("b", citizen("sub-1", "sid-2"), NOW.plusSeconds(3600)));
        s.save(session("c", citizen("sub-2", "sid-3"), NOW.plusSeconds(3600)));
        s.save(session("old", citizen("sub-3", "sid-4"), NOW.minusSeconds(1)));
        s.save(new PortalSession("pre", new PendingLogin("st", "no", "ver", ISS, LevelOfAssurance.LOA3, "/x", NOW), null, null,
                "csrf", NOW, NOW.plusSeconds(600)));
        PortalSession a = s.find("a").orElseThrow();
        assertEquals("0499370899", a.citizen().nationalCode().value());
        assertEquals(LevelOfAssurance.LOA2, a.citizen().acr());
        assertEquals("+989121234567", a.citizen().mobile().value());
        assertEquals("مریم", a.citizen().givenName());
        assertEquals("/x", s.find("pre").orElseThrow().pending().returnTo());
        assertTrue(s.find("old").isEmpty(), "expired sessions are not found");
        assertTrue(s.find("nope").isEmpty());
        assertEquals(1, s.deleteBySessionId(ISS.toString(), "sid-2"));
        assertTrue(s.find("b").isEmpty());
        assertEquals(1, s.deleteBySubject(ISS.toString(), "sub-1"));
        assertTrue(s.find("a").isEmpty());
        assertEquals(0, s.deleteBySubject("https://other.example", "sub-2"), "another issuer's subject is not ours");
        s.delete("c");
        assertTrue(s.find("c").isEmpty());
    }

    @Test
    void inMemory() {
        contract(new InMemorySessionStore(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @Test
    void jdbcOnH2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("sessions") + ";DB_CLOSE_DELAY=0");
        contract(new JdbcSessionStore(ds, Clock.fixed(NOW, ZoneOffset.UTC)));
        assertTrue(new JdbcSessionStore(ds, Clock.fixed(NOW, ZoneOffset.UTC)).find("pre").isPresent(),
                "another store over the same tables (a restart, a second node) sees the sessions");
    }
}
