package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/** Small input checks shared by the handlers; every refusal names the member and the rule. */
final class Validate {

    private Validate() {
    }

    static void onlyMembers(ObjectNode n, Set<String> allowed, String area) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw Problem.unprocessable(area + ".unknown_member", "Member " + f + " is not allowed here");
            }
        }
    }

    static String text(JsonNode n, String field, int maxLength, String area) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw Problem.unprocessable(area + ".missing_member", field + " is required");
        }
        if (!v.isTextual()) {
            throw Problem.unprocessable(area + ".invalid_member", field + " must be a string");
        }
        String s = v.asText();
        if (s.isBlank() || s.length() > maxLength) {
            throw Problem.unprocessable(area + ".invalid_member", field + " must be 1-" + maxLength + " characters");
        }
        return s;
    }

    static String optionalText(JsonNode n, String field, int maxLength, String area) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return text(n, field, maxLength, area);
    }

    static String digits(JsonNode n, String field, int length, String area) {
        String s = text(n, field, length, area);
        if (s.length() != length || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Problem.unprocessable(area + ".invalid_member", field + " must be " + length + " ASCII digits");
        }
        return s;
    }
}
