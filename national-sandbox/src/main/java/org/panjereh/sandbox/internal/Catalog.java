package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.panjereh.core.shared.Json;

/** The shipped service cards, survey forms and the exchange providers' test data, read from resources. */
final class Catalog {

    /** The cards the sandbox ships with; the registry's state is {@link Cards}. */
    final List<JsonNode> shippedCards = new ArrayList<>();
    final Map<String, JsonNode> forms = new LinkedHashMap<>();
    final JsonNode testData;

    Catalog() {
        load("service-cards.json").forEach(shippedCards::add);
        forms.put("csat-v1", load("csat-v1.json"));
        testData = load("test-data.json");
    }

    static JsonNode load(String name) {
        try (InputStream in = Catalog.class.getResourceAsStream("/sandbox/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read resource " + name, e);
        }
    }

    JsonNode citizenBySub(String sub) {
        for (JsonNode c : testData.get("citizens")) {
            if (c.get("sub").asText().equals(sub)) {
                return c;
            }
        }
        return null;
    }

    JsonNode find(String table, String field, String value) {
        for (JsonNode c : testData.get(table)) {
            if (c.path(field).asText().equals(value)) {
                return c;
            }
        }
        return null;
    }

    static String etag(byte[] body) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
