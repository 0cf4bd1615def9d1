package org.panjereh.events.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.panjereh.events.ServiceEvent;

/**
 * A {@link ServiceEvent} as a structured-mode CloudEvents 1.0 JSON object (contract section 5). Written
 * with Jackson's streaming generator: the members are fixed, so no reflection and no room for extras.
 */
public final class CloudEventCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private CloudEventCodec() {
    }

    /**
     * Encodes one event.
     *
     * @param e      the event
     * @param source {@code urn:ir:agency:{agencyId}}
     * @return UTF-8 JSON
     */
    public static byte[] encode(ServiceEvent e, String source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", "1.0");
            g.writeStringField("id", e.id().toString());
            g.writeStringField("source", source);
            g.writeStringField("type", e.type().wireType());
            g.writeStringField("subject", e.trackingId().value());
            g.writeStringField("time", e.time().toString());
            g.writeStringField("datacontenttype", "application/json");
            g.writeObjectFieldStart("data");
            g.writeStringField("serviceId", e.serviceId().value());
            if (e.step().isPresent()) {
                g.writeStringField("step", e.step().get());
            }
            if (e.outcome().isPresent()) {
                g.writeStringField("outcome", e.outcome().get());
            }
            g.writeStringField("channel", e.channel().wireValue());
            g.writeStringField("responsibleUnit", e.responsibleUnit());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
