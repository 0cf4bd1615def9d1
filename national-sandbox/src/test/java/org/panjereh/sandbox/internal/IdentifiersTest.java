package org.panjereh.sandbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sandbox's own identifier checks against the rules' own test vectors, and against the SDK's on many inputs. */
class IdentifiersTest {

    @Test
    void theRulesVectors() {
        for (String ok : new String[] {"0499370899", "0790419904", "7400076205"}) {
            assertTrue(Identifiers.nationalCode(ok), ok);
        }
        for (String bad : new String[] {"0684159415", "1234567890", "0000000000", "1111111111", "049937089", "۰۴۹۹۳۷۰۸۹۹", null}) {
            assertFalse(Identifiers.nationalCode(bad), String.valueOf(bad));
        }
        assertTrue(Identifiers.legalEntityId("10380284790"));
        assertTrue(Identifiers.legalEntityId("10100387143"));
        assertFalse(Identifiers.legalEntityId("10380284792"));
        assertFalse(Identifiers.legalEntityId("09748208301"));
        assertTrue(Identifiers.sheba("IR820540102680020817909002"));
        assertFalse(Identifiers.sheba("IR820540102680020817909003"));
        assertFalse(Identifiers.sheba("DE820540102680020817909002"));
        assertEquals("+989121234567", Identifiers.mobile("09121234567"));
        assertEquals("+989121234567", Identifiers.mobile("+989121234567"));
        assertEquals("+989121234567", Identifiers.mobile("00989121234567"));
        assertNull(Identifiers.mobile("0912123456"));
        assertNull(Identifiers.mobile("08121234567"));
    }

    @Test
    void trackingIdsCatchOneWrongDigitAndAgreeWithTheSdk() {
        String id = Identifiers.trackingId18("101012345670000001");
        assertEquals(org.panjereh.core.TrackingId.withCheckDigits("101012345670000001").value(), id,
                "two implementations of ISO 7064 MOD 97-10 agree");
        assertTrue(Identifiers.trackingId(id));
        for (int i = 0; i < 20; i++) {
            char[] c = id.toCharArray();
            c[i] = (char) ('0' + (c[i] - '0' + 1) % 10);
            assertFalse(Identifiers.trackingId(new String(c)), "digit " + i + " changed");
        }
    }

    @Test
    void nationalCodesAgreeWithTheSdkOnEveryCodeOfARange() {
        // Independent implementations: any disagreement is a bug on one side.
        for (long n = 499_370_000L; n < 499_380_000L; n++) {
            String s = String.format("%010d", n);
            assertEquals(org.panjereh.core.NationalCode.isValid(s), Identifiers.nationalCode(s), s);
        }
        for (long n = 10_380_280_000L; n < 10_380_290_000L; n++) {
            String s = String.valueOf(n);
            assertEquals(org.panjereh.core.LegalEntityId.isValid(s), Identifiers.legalEntityId(s), s);
        }
    }
}
