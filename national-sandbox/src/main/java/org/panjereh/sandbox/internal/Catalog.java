package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.shared.Json;

/** Service cards, survey forms and the exchange providers' test data, shipped as resources. */
final class Catalog {

    final Map<String, JsonNode> cards = new LinkedHashMap<>();
    final Map<String, ServiceCard> typedCards = new LinkedHashMap<>();
    final Map<String, JsonNode> forms = new LinkedHashMap<>();
    final JsonNode testData;

    Catalog() {
        JsonNode list = load("service-cards.json");
        for (JsonNode c : list) {
            cards.put(c.get("serviceId").asText(), c);
            try {
                typedCards.put(c.get("serviceId").asText(), Json.MAPPER.treeToValue(c, ServiceCard.class));
            } catch (IOException e) {
                throw new IllegalStateException("Shipped service card is invalid: " + c.get("serviceId"), e);
            }
        }
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

    ServiceCard card(String serviceId) {
        return typedCards.get(serviceId);
    }

    ArrayNode cardsOf(String agencyId) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        cards.values().stream().filter(c -> c.get("agencyId").asText().equals(agencyId)).forEach(a::add);
        return a;
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
