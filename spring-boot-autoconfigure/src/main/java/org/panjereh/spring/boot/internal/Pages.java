package org.panjereh.spring.boot.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.panjereh.core.Refusals;
import org.panjereh.core.shared.LoginErrorPage;

/** The refusals the Spring integration answers: each with an error id that stands in exactly one log line. */
public final class Pages {

    private Pages() {
    }

    /**
     * A refusal a person sees: the SDK's Persian error page with the error id.
     *
     * @param req     the request
     * @param res     the response
     * @param status  the status
     * @param code    the reason code
     * @param persian the message
     * @param cause   why, or {@code null}
     * @throws IOException if the answer cannot be written
     */
    public static void refuse(HttpServletRequest req, HttpServletResponse res, int status, String code, String persian,
                              Throwable cause) throws IOException {
        String id = Refusals.log(status, code, req.getMethod(), NationalLoginEndpoints.path(req), cause);
        res.setStatus(status);
        res.setHeader("Cache-Control", "no-store");
        res.setContentType(LoginErrorPage.CONTENT_TYPE);
        res.getOutputStream().write(LoginErrorPage.html(persian + " شناسه خطا برای پشتیبانی: " + id)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A refusal a machine sees: an OAuth-style JSON error with the id.
     *
     * @param req    the request
     * @param res    the response
     * @param status the status
     * @param error  the error code
     * @param cause  why, or {@code null}
     * @throws IOException if the answer cannot be written
     */
    public static void jsonRefusal(HttpServletRequest req, HttpServletResponse res, int status, String error, Throwable cause)
            throws IOException {
        String id = Refusals.log(status, "backchannel_logout." + error, req.getMethod(), NationalLoginEndpoints.path(req), cause);
        res.setStatus(status);
        res.setHeader("Cache-Control", "no-store");
        res.setContentType("application/json");
        res.getWriter().write("{\"error\":\"" + error + "\",\"error_id\":\"" + id + "\"}");
    }
}
