package org.panjereh.inquiry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.panjereh.core.FidaCode;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PostalCode;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.core.shared.Digits;
import org.panjereh.inquiry.ProvidedService.FieldType;

/** Checks a provided service's request against its declared fields and normalises each value by its type. */
public final class RequestFields {

    /** A field that is missing, unknown or malformed; the message names the field, never its value. */
    public static final class BadField extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        BadField(String field, String why) {
            super(field + " " + why, null, false, false);
            this.field = field;
        }

        /** The field. */
        public String field() {
            return field;
        }
    }

    private RequestFields() {
    }

    /**
     * @param body     the parsed request
     * @param declared the service's request fields; all of them are required
     * @return the normalised values
     * @throws BadField naming the first field at fault
     */
    public static Map<String, Object> check(JsonNode body, Map<String, FieldType> declared) throws BadField {
        if (body == null || !body.isObject()) {
            throw new BadField("(body)", "must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!declared.containsKey(f)) {
                throw new BadField(f, "is not a field of this service");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, FieldType> d : declared.entrySet()) {
            JsonNode v = body.get(d.getKey());
            if (v == null || v.isNull()) {
                throw new BadField(d.getKey(), "is required");
            }
            out.put(d.getKey(), value(d.getKey(), v, d.getValue()));
        }
        return out;
    }

    private static Object value(String name, JsonNode v, FieldType type) throws BadField {
        try {
            return switch (type) {
                case STRING -> {
                    if (!v.isTextual() || v.asText().length() > 256) {
                        throw new BadField(name, "is text of at most 256 characters");
                    }
                    yield v.asText();
                }
                case NUMBER -> {
                    if (v.isNumber()) {
                        yield v.decimalValue();
                    }
                    if (v.isTextual() && Digits.toAscii(v.asText()).matches("-?[0-9]{1,18}(\\.[0-9]{1,9})?")) {
                        yield new BigDecimal(Digits.toAscii(v.asText()));
                    }
                    throw new BadField(name, "is a number");
                }
                case BOOLEAN -> {
                    if (!v.isBoolean()) {
                        throw new BadField(name, "is true or false");
                    }
                    yield v.asBoolean();
                }
                case DATE -> LocalDate.parse(Digits.toAscii(text(name, v)));
                case DATETIME -> OffsetDateTime.parse(Digits.toAscii(text(name, v))).toInstant();
                case NATIONAL_CODE -> NationalCode.of(text(name, v));
                case LEGAL_ENTITY_ID -> LegalEntityId.of(text(name, v));
                case FIDA_CODE -> FidaCode.of(text(name, v));
                case POSTAL_CODE -> PostalCode.of(text(name, v));
                case TRACKING_ID -> TrackingId.of(text(name, v));
                case SERVICE_ID -> ServiceId.of(text(name, v));
            };
        } catch (BadField e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadField(name, "is not a valid " + type.wireValue());
        }
    }

    private static String text(String name, JsonNode v) throws BadField {
        if (!v.isTextual() || v.asText().length() > 64) {
            throw new BadField(name, "is a string");
        }
        return v.asText();
    }
}
