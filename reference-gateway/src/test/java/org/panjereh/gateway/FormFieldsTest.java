package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceCard.FieldType;

/**
 * The generated forms' checks, one field type at a time: good values in Persian, Arabic and ASCII digits pass, and each
 * bad value is refused with a Persian message naming the field, never repeating what was typed.
 */
class FormFieldsTest {

    private static ServiceCard.DataField field(FieldType type, boolean required) {
        return new ServiceCard.DataField("f", "فیلد آزمون", type, required, "applicant", null);
    }

    @ParameterizedTest(name = "{0} «{1}» is accepted")
    @CsvSource({
            "TEXT, علی رضایی",
            "NUMBER, 1234", "NUMBER, ۱۲۳۴", "NUMBER, ١٢٣٤",
            "DATE, 1370/02/22", "DATE, ۱۳۷۰/۰۲/۲۲", "DATE, ۱۴۰۳/۱۲/۳۰",
            "POSTAL_CODE, 1193653471", "POSTAL_CODE, ۱۱۹۳۶۵۳۴۷۱",
            "FILE, ''"})
    void goodValuesPass(FieldType type, String value) {
        assertEquals(Optional.empty(), Forms.problem(field(type, true), value));
    }

    @ParameterizedTest(name = "{0} «{1}» is refused: {2}")
    @CsvSource(delimiter = '|', value = {
            "TEXT|<script>|نویسهٔ نامجاز",
            "NUMBER|12a4|باید عدد باشد",
            "NUMBER|۱۲.۵|باید عدد باشد",
            "DATE|1370-13-01|تاریخ شمسی",
            "DATE|۱۴۰۲/۱۲/۳۰|تاریخ شمسی",
            "DATE|دیروز|تاریخ شمسی",
            "POSTAL_CODE|12345|کد پستی ده‌رقمی",
            "POSTAL_CODE|۱۱۱۱۱۱۱۱۱۱|کد پستی ده‌رقمی"})
    void badValuesAreRefusedInPersianNamingTheField(FieldType type, String value, String said) {
        GatewayProblem p = Forms.problem(field(type, true), value).orElseThrow();
        assertEquals(422, p.status());
        assertEquals("gateway.field_invalid", p.code());
        assertTrue(p.persian().startsWith("«فیلد آزمون»"), p.persian());
        assertTrue(p.persian().contains(said), p.persian());
        assertTrue(!p.persian().contains(value), "the message never repeats what was typed: " + p.persian());
    }

    @Test
    void aRequiredFieldLeftEmptyIsNamedAndAnOptionalOneIsNot() {
        for (FieldType type : new FieldType[] {FieldType.TEXT, FieldType.NUMBER, FieldType.DATE, FieldType.POSTAL_CODE}) {
            GatewayProblem p = Forms.problem(field(type, true), "  ").orElseThrow();
            assertEquals("gateway.field_required", p.code());
            assertEquals("«فیلد آزمون» را وارد کنید.", p.persian());
            assertEquals(Optional.empty(), Forms.problem(field(type, false), ""));
        }
    }
}
