package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.panjereh.core.NationalCode;

/** A complaint's reference appears in URLs and log lines: it must never be mistaken for a person's national code. */
class ComplaintReferenceTest {

    @Test
    void referencesAreTenDigitsAndNeverAValidNationalCode() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String r = Complaints.reference();
            assertTrue(r.matches("[0-9]{10}"), r);
            assertFalse(NationalCode.isValid(r), "a reference that is a national code: " + r);
            seen.add(r);
        }
        assertEquals(20_000, seen.size(), "random enough not to repeat in 20,000");
    }
}
