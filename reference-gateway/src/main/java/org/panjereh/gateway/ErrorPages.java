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
                id = UUID.randomUUID().toString();
                LOG.log(p.status() >= 500 ? Level.WARNING : Level.INFO, "Refused [{0}] {1} {2} at {3}",
                        new Object[] {id, p.status(), p.code(), path()});
            }
            return answer(p.status(), p.code(), p.persian(), id);
        }
        if (e instanceof PanjerehException p) {
            String id = UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "Platform call failed [{0}] at {1}: {2}", new Object[] {id, path(), p.getMessage()});
            return answer(p.isRetryable() ? 503 : 502, "gateway.platform", p.persianMessage(), id);
        }
        if (e instanceof WebApplicationException w) {
            int s = w.getResponse().getStatus();
            String id = UUID.randomUUID().toString();
            LOG.log(s >= 500 ? Level.WARNING : Level.INFO, "Refused [{0}] {1} gateway.http_{1} at {2}", new Object[] {id, s, path()});
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

    /** The path only: a query string may carry a code or a ticket. */
    private String path() {
        return uri == null ? "?" : "/" + uri.getPath().replaceAll("^/+", "");
    }

    private Response answer(int status, String code, String persianReason, String errorId) {
        String persian = persianReason + " شناسه خطا برای پشتیبانی: " + errorId;
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
