package org.panjereh.core.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP answer, fully read and closed.
 *
 * @param status  HTTP status
 * @param headers lower-cased header map
 * @param body    exact body bytes
 */
public record RawResponse(int status, Map<String, List<String>> headers, byte[] body) {

    /** First value of a header by case-insensitive name, or {@code null}. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Whether the status is 2xx or 304. */
    public boolean isSuccess() {
        return (status >= 200 && status < 300) || status == 304;
    }
}
