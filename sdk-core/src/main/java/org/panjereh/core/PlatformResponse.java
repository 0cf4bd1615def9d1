package org.panjereh.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.panjereh.core.shared.Json;

/**
 * A successful (2xx or 304) answer of the platform, body fully read. Error answers never become a
 * {@code PlatformResponse}: they are thrown as {@link PlatformException}.
 *
 * @param statusCode HTTP status
 * @param headers    response headers, names lower case
 * @param body       the exact bytes received
 * @param requestId  the {@code X-Request-Id} of the call
 * @param attempts   attempts made, first included
 */
public record PlatformResponse(int statusCode, Map<String, List<String>> headers, byte[] body, String requestId,
                               int attempts) {

    /** Canonical constructor: freezes the headers. */
    public PlatformResponse {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /**
     * The body as JSON mapped to {@code type}.
     *
     * @param type target type (a record or a Jackson-mappable class)
     * @param <T>  the type
     * @return the value
     * @throws InvalidPlatformResponseException if the body is not valid JSON of that shape
     */
    public <T> T json(Class<T> type) {
        return Json.read(body, type, statusCode);
    }
}
