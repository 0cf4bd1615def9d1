package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefusalsTest {

    private final Logger jul = Logger.getLogger("org.panjereh.refusals");
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void attach() {
        jul.addHandler(capture);
    }

    @AfterEach
    void detach() {
        jul.removeHandler(capture);
    }

    @Test
    void oneLineWithTheIdTheReasonAndThePathWithoutItsQuery() {
        String id = Refusals.log(422, "portal.refused", "POST", "/apply?code=secret-code#frag",
                new PlatformUnreachableException("platform down", null));

        assertEquals(1, records.size());
        String line = records.get(0).getMessage();
        assertTrue(line.startsWith("Refused [" + id + "] 422 portal.refused at POST /apply: "), line);
        assertTrue(line.contains("PlatformUnreachableException: platform down"), line);
        assertFalse(line.contains("secret-code"), line);
        assertEquals(Level.INFO, records.get(0).getLevel());
        assertEquals(36, id.length());
    }

    @Test
    void serverSideRefusalsAreWarningsAndLongCauseChainsAreCut() {
        RuntimeException chain = new RuntimeException("x".repeat(1000), new IllegalStateException("inner"));
        String first = Refusals.log(503, "portal.platform", "GET", "/", chain);
        String second = Refusals.log(503, "portal.platform", "GET", "/", null);

        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertTrue(records.get(0).getMessage().length() < 450, records.get(0).getMessage());
        assertFalse(first.equals(second), "every refusal has its own id");
        assertTrue(records.get(1).getMessage().endsWith("at GET /"), records.get(1).getMessage());
    }
}
