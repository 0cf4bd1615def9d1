package org.panjereh.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogHygieneTest {

    @Test
    void findsTokensCredentialsAndNationalCodesInAnyDigits() {
        assertEquals(1, LogHygiene.offences("id_token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln").size());
        assertEquals(1, LogHygiene.offences("Authorization: Bearer abcdefghijklmnopqrstuvwxyz").size());
        assertEquals(1, LogHygiene.offences("body grant_type=x&client_secret=hunter2hunter2").size());
        assertEquals(1, LogHygiene.offences("citizen 0499370899 applied").size());
        assertEquals(1, LogHygiene.offences("citizen ۰۴۹۹۳۷۰۸۹۹ applied").size(), "Persian digits");
        assertEquals(1, LogHygiene.offences("citizen ٠٤٩٩٣٧٠٨٩٩ applied").size(), "Arabic digits");
    }

    @Test
    void findsLegalEntityIdsAndFidaCodes() {
        assertEquals(1, LogHygiene.offences("company 10380284790 applied").size());
        assertEquals(1, LogHygiene.offences("company ۱۰۱۰۰۳۸۷۱۴۳ applied").size(), "Persian digits");
        assertTrue(LogHygiene.offences("company 10380284792 fails its check digit").isEmpty());
        assertTrue(LogHygiene.offences("services 10101234567 10101234568 10101234569 30301000001").isEmpty(),
                "the project's service ids are not legal entity ids");
        assertEquals(1, LogHygiene.offences("foreign national 123456789012 applied").size());
        assertEquals(1, LogHygiene.offences("foreign national ۱۲۳۴۵۶۷۸۹۰۱۲").size());
        assertTrue(LogHygiene.offences("at 1796135948953 ms").isEmpty(), "13 digits: an epoch in milliseconds");
        assertTrue(LogHygiene.offences("Refused [2efb03e6-0405-4e93-aae3-818717230869] 403").isEmpty(),
                "the last group of an error id, all digits by chance");
    }

    @Test
    void leavesOrdinaryLinesAlone() {
        assertTrue(LogHygiene.offences("Refused [5f0c-…] 400 login.STATE_MISMATCH at GET /callback").isEmpty());
        assertTrue(LogHygiene.offences("service 10101234568 tracking 1405-0101-0000001").isEmpty(), "11 digits is a service id");
        assertTrue(LogHygiene.offences("0499370898 fails its check digit").isEmpty());
        assertTrue(LogHygiene.offences("1111111111 repeated digits").isEmpty());
        assertTrue(LogHygiene.offences("trace 4ab0499370899f00c0ffee0000000000").isEmpty(), "digits inside a hex trace id");
        assertTrue(LogHygiene.offences("exemplar 1.0 0499370899.953").isEmpty(), "an epoch timestamp with a fraction");
        assertEquals(1, LogHygiene.offences("code 0499370899.").size(), "a full stop after a code is still a code");
    }

    @Test
    void registeredSecretsAreFoundAndMasked() {
        LogHygiene.forbid("a-test-client-secret-42");
        List<String> found = LogHygiene.offences("config a-test-client-secret-42 loaded");
        assertEquals(1, found.size());
        assertFalse(found.get(0).contains("client-secret-42"), "the report masks what it found: " + found);
    }
}
