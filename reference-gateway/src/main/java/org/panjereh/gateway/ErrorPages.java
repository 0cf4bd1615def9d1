package org.panjereh.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.panjereh.core.PanjerehException;

/**
 * Every failure becomes a Persian page (or, under {@code /api}, an RFC 9457 problem): never a stack
 * trace, never the input echoed. Unexpected errors are logged with an id the page shows, so support can
 * find them without the person repeating personal data.
 */
@Provider
public class ErrorPages implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof GatewayProblem p) {
            String id = p.errorId();
            if (id == null) {
                id = logRefused(p.status(), p.code(), path(uri), "");
            }
            return answer(p.status(), p.code(), p.persian(), id);
        }
        if (e instanceof PanjerehException p) {
            String id = UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "Platform call failed [{0}] at {1}: {2}", new Object[] {id, path(uri), p.getMessage()});
            return answer(p.isRetryable() ? 503 : 502, "gateway.platform", p.persianMessage(), id);
        }
        if (e instanceof WebApplicationException w) {
            int s = w.getResponse().getStatus();
            String id = logRefused(s, "gateway.http_" + s, path(uri), "");
            return answer(s, "gateway.http_" + s, switch (s) {
                case 404 -> "صفحه‌ای با این نشانی نیست.";
                case 405 -> "این کار با این روش پذیرفته نمی‌شود.";
                case 413 -> "درخواست بیش از اندازه بزرگ است.";
                case 415 -> "قالب درخواست پذیرفته نیست.";
                default -> s < 500 ? "درخواست نادرست است." : "خطایی رخ داد. لطفاً دوباره تلاش کنید.";
            }, id);
        }
        String id = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error " + id + " (" + e.getClass().getName() + ")", e);
        return answer(500, "gateway.internal", "خطایی پیش‌بینی‌نشده رخ داد.", id);
    }

    /**
     * A refusal shown inside a page rather than as an error page (a form shown again with its message):
     * logged once under a new error id, like every other refusal, and the message to show with that id.
     *
     * @param status  the status answered
     * @param code    the reason code
     * @param path    the path (never the query)
     * @param persian the message for the person
     * @param cause   the SDK's exception, or {@code null}; only its type and message are logged
     * @return the message with its error id
     */
    static String shownWithId(int status, String code, String path, String persian, Throwable cause) {
        String id = logRefused(status, code, path,
                cause == null ? "" : ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        return withId(persian, id);
    }

    /** The one line every refusal writes; returns its new error id. */
    private static String logRefused(int status, String code, String path, String cause) {
        String id = UUID.randomUUID().toString();
        LOG.log(status >= 500 ? Level.WARNING : Level.INFO, "Refused [{0}] {1} {2} at {3}{4}",
                new Object[] {id, status, code, path, cause});
        return id;
    }

    private static String withId(String persian, String errorId) {
        return persian + " شناسه خطا برای پشتیبانی: " + errorId;
    }

    /** The path only: a query string may carry a code or a ticket. */
    private static String path(UriInfo uri) {
        return uri == null ? "?" : "/" + uri.getPath().replaceAll("^/+", "");
    }

    /**
     * A refusal answered outside this mapper (a token refused by the security layer): logged once with its
     * reason code and the cause's type only — a token library's messages may quote the token's claims.
     *
     * @param status  the status
     * @param code    the reason code
     * @param persian the message for the person or app
     * @param uri     the request's URI (the path is logged, never the query)
     * @param cause   why, or {@code null}
     * @return the page or problem
     */
    static Response refusal(int status, String code, String persian, UriInfo uri, Throwable cause) {
        String id = logRefused(status, code, path(uri), cause == null ? "" : ": " + cause.getClass().getName());
        return answer(uri, status, code, persian, id);
    }

    private Response answer(int status, String code, String persianReason, String errorId) {
        return answer(uri, status, code, persianReason, errorId);
    }

    private static Response answer(UriInfo uri, int status, String code, String persianReason, String errorId) {
        String persian = withId(persianReason, errorId);
        if (uri != null && uri.getPath().startsWith("/api")) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "urn:panjereh:gateway:" + code);
            problem.put("title", code);
            problem.put("status", status);
            problem.put("detail", persian);
            problem.put("errorId", errorId);
            try {
                return Response.status(status).type("application/problem+json").entity(JSON.writeValueAsString(problem)).build();
            } catch (com.fasterxml.jackson.core.JsonProcessingException cannot) {
                return Response.status(status).build(); // strings and a number always serialize
            }
        }
        return Response.status(status).type("text/html; charset=utf-8")
                .entity(Html.page("خطا", false, "<h1>خطا</h1>" + Html.alert(persian) + "<p><a href=\"/\">بازگشت به خدمات</a></p>"))
                .build();
    }
}
