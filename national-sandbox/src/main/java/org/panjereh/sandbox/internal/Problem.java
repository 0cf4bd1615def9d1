package org.panjereh.sandbox.internal;

import java.util.Map;

/** A refusal rendered as RFC 9457 problem+json with the contract's stable code. */
public final class Problem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final Map<String, Object> extensions;
    final Map<String, String> headers;

    Problem(int status, String code, String detail) {
        this(status, code, detail, Map.of(), Map.of());
    }

    Problem(int status, String code, String detail, Map<String, Object> extensions, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.extensions = extensions;
        this.headers = headers;
    }

    static Problem badRequest(String code, String detail) {
        return new Problem(400, code, detail);
    }

    static Problem unprocessable(String code, String detail) {
        return new Problem(422, code, detail);
    }

    static Problem notFound(String code, String detail) {
        return new Problem(404, code, detail);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }
}
