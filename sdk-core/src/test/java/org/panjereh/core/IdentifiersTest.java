package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"0499370899", "0790419904", "7400076205", "۰۴۹۹۳۷۰۸۹۹", "٠٤٩٩٣٧٠٨٩٩", " 049-937-0899 ",
        "\u200F0499370899\u200E"})
    void validNationalCodes(String raw) {
        NationalCode code = NationalCode.of(raw);
        assertEquals(10, code.value().length());
        assertTrue(code.value().chars().allMatch(c -> c >= '0' && c <= '9'));
    }

    @ParameterizedTest
    @CsvSource({
        "0684159415, CHECKSUM",
        "1234567890, CHECKSUM",
        "0000000000, REPEATED_DIGITS",
        "1111111111, REPEATED_DIGITS",
        "049937089, WRONG_LENGTH",
        "04993708990, WRONG_LENGTH",
        "04993708a9, NOT_DIGITS",
        "۰۴۹۹۳۷۰۸۹x, NOT_DIGITS",
        "'   ', MISSING"})
    void invalidNationalCodes(String raw, InvalidIdentifierException.Reason reason) {
        InvalidIdentifierException e = assertThrows(InvalidIdentifierException.class, () -> NationalCode.of(raw));
        assertEquals(reason, e.reason());
        assertEquals(IdentifierKind.NATIONAL_CODE, e.kind());
        assertFalse(e.isRetryable());
        assertTrue(e.persianMessage().startsWith("کد ملی نامعتبر است"), e.persianMessage());
        if (!raw.isBlank()) {
            assertFalse(e.getMessage().contains(raw.strip()), "message must not echo the value");
        }
    }

    @Test
    void otherDigitScriptsAreRejected() {
        // Devanagari digits: Character.isDigit accepts them, the contract does not.
        assertThrows(InvalidIdentifierException.class, () -> NationalCode.of("०४९९३७०८९९"));
        assertThrows(InvalidIdentifierException.class, () -> NationalCode.of(null));
    }

    @Test
    void nationalCodeNeverPrintsWhole() {
        NationalCode c = NationalCode.of("0499370899");
        assertEquals("NationalCode[********99]", c.toString());
        assertFalse(c.toString().contains("0499370899"));
        assertEquals(NationalCode.of("۰۴۹۹۳۷۰۸۹۹"), c);
    }

    @Test
    void wrongLengthMessageInBothLanguages() {
        InvalidIdentifierException e = assertThrows(InvalidIdentifierException.class, () -> NationalCode.of("123"));
        assertEquals("Invalid national code: must be 10 digits, got 3", e.getMessage());
        assertEquals("کد ملی نامعتبر است: باید ۱۰ رقم باشد، ۳ رقم وارد شده است", e.persianMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10380284790", "10100387143", "۱۰۳۸۰۲۸۴۷۹۰"})
    void validLegalEntityIds(String raw) {
        assertTrue(LegalEntityId.isValid(raw));
        assertEquals(11, LegalEntityId.of(raw).value().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10380284792", "09748208301", "1038028479", "00000000000"})
    void invalidLegalEntityIds(String raw) {
        assertThrows(InvalidIdentifierException.class, () -> LegalEntityId.of(raw));
    }

    @Test
    void postalCodes() {
        PostalCode p = PostalCode.of("۱۹۹۱۹ ۴۳۷۱۱");
        assertEquals("1991943711", p.value());
        assertTrue(p.warnings().isEmpty());
        assertEquals("PostalCode[******3711]", p.toString());
        assertFalse(PostalCode.of("1234500000").warnings().isEmpty(), "0000 ending and a 2 in the first five");
        assertEquals(InvalidIdentifierException.Reason.REPEATED_DIGITS,
                assertThrows(InvalidIdentifierException.class, () -> PostalCode.of("5555555555")).reason());
        assertEquals(InvalidIdentifierException.Reason.WRONG_LENGTH,
                assertThrows(InvalidIdentifierException.class, () -> PostalCode.of("199194371")).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"09121234567", "9121234567", "+989121234567", "989121234567", "00989121234567",
        "۰۹۱۲۱۲۳۴۵۶۷", "0912 123 4567", "0912-123-4567"})
    void mobileNumbersNormalise(String raw) {
        MobileNumber m = MobileNumber.of(raw);
        assertEquals("+989121234567", m.value());
        assertEquals("09121234567", m.nationalFormat());
        assertEquals(Optional.of("MCI"), m.operator());
        assertFalse(m.toString().contains("1234567"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"08121234567", "0912123456", "091212345678", "+979121234567", "0912abc4567"})
    void invalidMobileNumbers(String raw) {
        assertThrows(InvalidIdentifierException.class, () -> MobileNumber.of(raw));
    }

    @Test
    void unknownOperatorPrefixIsNotAnError() {
        assertEquals(Optional.empty(), MobileNumber.of("09981234567").operator());
    }

    @Test
    void sheba() {
        Sheba s = Sheba.of("ir82 0540 1026 8002 0817 9090 02");
        assertEquals("IR820540102680020817909002", s.value());
        assertEquals("054", s.bankCode());
        assertFalse(s.toString().contains("0817909"));
        assertEquals(InvalidIdentifierException.Reason.CHECKSUM,
                assertThrows(InvalidIdentifierException.class, () -> Sheba.of("IR820540102680020817909003")).reason());
        assertEquals(InvalidIdentifierException.Reason.BAD_FORMAT,
                assertThrows(InvalidIdentifierException.class, () -> Sheba.of("DE820540102680020817909002")).reason());
        assertEquals(InvalidIdentifierException.Reason.WRONG_LENGTH,
                assertThrows(InvalidIdentifierException.class, () -> Sheba.of("IR8205401026800208179090")).reason());
    }

    @Test
    void serviceIds() {
        assertEquals("10101234567", ServiceId.of("۱۰۱۰۱۲۳۴۵۶۷").value());
        assertThrows(InvalidIdentifierException.class, () -> ServiceId.of("1010123456"));
        assertThrows(InvalidIdentifierException.class, () -> ServiceId.of("1010123456a"));
    }

    @Test
    void fidaCodes() {
        assertEquals("123456789012", FidaCode.of("1234 5678 9012").value());
        assertThrows(InvalidIdentifierException.class, () -> FidaCode.of("12345678901"));
        assertEquals("FidaCode[**********12]", FidaCode.of("123456789012").toString());
    }

    @Test
    void trackingIdCheckDigitsFollowMod97_10() {
        TrackingId id = TrackingId.withCheckDigits("101012345670000001");
        assertEquals(20, id.value().length());
        // IBAN-style: the whole number mod 97 is 1.
        assertEquals(1, new java.math.BigInteger(id.value()).mod(java.math.BigInteger.valueOf(97)).intValue());
        assertEquals(id, TrackingId.of(org.panjereh.core.shared.Digits.toPersian(id.value())));
    }

    @Test
    void trackingIdCatchesEverySingleDigitError() {
        TrackingId id = TrackingId.withCheckDigits("140312010000004217");
        String v = id.value();
        for (int i = 0; i < v.length(); i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d == v.charAt(i)) {
                    continue;
                }
                String typo = v.substring(0, i) + d + v.substring(i + 1);
                assertFalse(TrackingId.isValid(typo), "typo at " + i + " not caught");
            }
        }
        for (int i = 0; i + 1 < v.length(); i++) {
            if (v.charAt(i) != v.charAt(i + 1)) {
                String swap = v.substring(0, i) + v.charAt(i + 1) + v.charAt(i) + v.substring(i + 2);
                assertFalse(TrackingId.isValid(swap), "swap at " + i + " not caught");
            }
        }
    }

    @Test
    void trackingIdRejections() {
        assertEquals(InvalidIdentifierException.Reason.WRONG_LENGTH,
                assertThrows(InvalidIdentifierException.class, () -> TrackingId.of("1234")).reason());
        assertEquals(InvalidIdentifierException.Reason.CHECKSUM,
                assertThrows(InvalidIdentifierException.class, () -> TrackingId.of("10101234567000000100")).reason());
        assertEquals("۱۰۱۰ ۱۲۳۴", TrackingId.withCheckDigits("101012345670000001").toPersianDisplay().substring(0, 9));
    }
}
