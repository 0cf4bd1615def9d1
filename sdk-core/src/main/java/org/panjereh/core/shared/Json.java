package org.panjereh.core.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.function.Function;
import org.panjereh.core.FidaCode;
import org.panjereh.core.InvalidIdentifierException;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.MobileNumber;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PostalCode;
import org.panjereh.core.ServiceId;
import org.panjereh.core.Sheba;
import org.panjereh.core.TrackingId;
import org.panjereh.core.InvalidPlatformResponseException;

/** The one Jackson setup of the SDK: RFC 3339 times, no nulls written, strict limits on input. */
public final class Json {

    /** Shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(identifiers())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(1 << 20).maxNumberLength(100).build());
    }

    private Json() {
    }

    /** Identifiers travel as their ASCII digits and are validated when read. */
    private static SimpleModule identifiers() {
        SimpleModule m = new SimpleModule("panjereh-identifiers");
        add(m, ServiceId.class, ServiceId::of, ServiceId::value);
        add(m, TrackingId.class, TrackingId::of, TrackingId::value);
        add(m, NationalCode.class, NationalCode::of, NationalCode::value);
        add(m, LegalEntityId.class, LegalEntityId::of, LegalEntityId::value);
        add(m, PostalCode.class, PostalCode::of, PostalCode::value);
        add(m, MobileNumber.class, MobileNumber::of, MobileNumber::value);
        add(m, Sheba.class, Sheba::of, Sheba::value);
        add(m, FidaCode.class, FidaCode::of, FidaCode::value);
        return m;
    }

    private static <T> void add(SimpleModule m, Class<T> type, Function<String, T> parse, Function<T, String> print) {
        m.addSerializer(type, new StdSerializer<T>(type) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(print.apply(value));
            }
        });
        m.addDeserializer(type, new StdDeserializer<T>(type) {
            private static final long serialVersionUID = 1L;

            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.currentToken().isScalarValue()) {
                    return type.cast(ctxt.handleUnexpectedToken(type, p));
                }
                try {
                    return parse.apply(p.getValueAsString());
                } catch (InvalidIdentifierException e) {
                    throw InvalidFormatException.from(p, e.getMessage(), p.getValueAsString(), type);
                }
            }
        });
    }

    /** Serialises a value; a failure here is a bug in the caller's type. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise " + value.getClass().getSimpleName() + " to JSON", e);
        }
    }

    /** Reads a platform answer; malformed input becomes {@link InvalidPlatformResponseException}. */
    public static <T> T read(byte[] body, Class<T> type, int status) {
        try {
            T v = MAPPER.readValue(body, type);
            if (v == null) {
                throw new InvalidPlatformResponseException("Empty JSON answer where " + type.getSimpleName()
                        + " was expected", status, null);
            }
            return v;
        } catch (JsonProcessingException e) {
            // The location only: the parser's message may quote the body, which may hold personal data.
            String where = e.getLocation() == null ? "" : " (JSON error at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")";
            throw new InvalidPlatformResponseException("Answer is not a valid " + type.getSimpleName() + where,
                    status, e);
        } catch (IOException e) {
            throw new InvalidPlatformResponseException("Answer could not be read as " + type.getSimpleName(), status, e);
        } catch (RuntimeException e) {
            if (e instanceof InvalidPlatformResponseException ipe) {
                throw ipe;
            }
            throw new InvalidPlatformResponseException("Answer is not a valid " + type.getSimpleName() + ": "
                    + e.getMessage(), status, e);
        }
    }
}
