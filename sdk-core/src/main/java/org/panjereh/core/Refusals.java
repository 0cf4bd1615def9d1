package org.panjereh.core;

import java.util.UUID;

/**
 * The one log line behind every refusal a person or client sees: an error id the page or problem shows,
 * the status, a stable reason code, the endpoint and the cause, under the logger {@code org.panjereh.refusals}.
 * Support finds the line from the id a citizen reads out; the line never holds a query string, a token, a
 * national code or form content, because only the path and the SDK's own exception messages (which never carry
 * them) go in. The SDK's adapters use it, and an application's own pages can too:
 * <pre>{@code
 * } catch (PanjerehException e) {
 *     String errorId = Refusals.log(503, "portal.platform", req.getMethod(), req.getRequestURI(), e);
 *     model.addAttribute("errorId", errorId); // «شناسه خطا برای پشتیبانی: …»
 * }
 * }</pre>
 * Pass as the cause only exceptions whose messages carry no personal data (the SDK's own never do).
 */
public final class Refusals {

    private static final System.Logger LOG = System.getLogger("org.panjereh.refusals");
    private static final int MAX_CAUSE = 300;

    private Refusals() {
    }

    /**
     * Logs one refusal and returns its id.
     *
     * @param status HTTP status answered
     * @param code   stable reason code, e.g. {@code login.STATE_MISMATCH}
     * @param method HTTP method
     * @param path   the path, without its query
     * @param cause  why, or {@code null}
     * @return the error id to show
     */
    public static String log(int status, String code, String method, String path, Throwable cause) {
        String id = UUID.randomUUID().toString();
        String safePath = path == null ? "?" : path.replaceAll("[?#].*$", "");
        LOG.log(status >= 500 ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "Refused [" + id + "] " + status + " " + code + " at " + method + " " + safePath + describe(cause));
        return id;
    }

    /** The cause chain's types and messages, shortened: enough to act on, bounded in size. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(":");
        for (Throwable t = cause; t != null && b.length() < MAX_CAUSE; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t == cause ? " " : " <- ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage().replaceAll("\\s+", " "));
            }
        }
        return b.length() > MAX_CAUSE ? b.substring(0, MAX_CAUSE) + "…" : b.toString();
    }
}
