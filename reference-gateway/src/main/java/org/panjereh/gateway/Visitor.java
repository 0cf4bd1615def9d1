package org.panjereh.gateway;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.NationalLoginRequestFilter;

/** What the login guard learned about the person behind a request: who they are and their CSRF token. */
final class Visitor {

    private Visitor() {
    }

    /**
     * @param ctx the request
     * @return the logged-in citizen, if any
     */
    static Optional<Citizen> citizen(ContainerRequestContext ctx) {
        return Optional.ofNullable((Citizen) ctx.getProperty(NationalLoginRequestFilter.CITIZEN));
    }

    /**
     * @param ctx a request on a protected path
     * @return the citizen the guard let through
     */
    static Citizen required(ContainerRequestContext ctx) {
        return citizen(ctx).orElseThrow(() -> new GatewayProblem(401, "gateway.login_required",
                "برای این کار باید از راه پنجره ملی وارد شوید."));
    }

    /**
     * @param ctx the request
     * @return the session's CSRF token
     */
    static String csrf(ContainerRequestContext ctx) {
        Object t = ctx.getProperty(NationalLoginRequestFilter.CSRF);
        return t == null ? "" : t.toString();
    }

    /**
     * Refuses a form that does not carry the session's CSRF token.
     *
     * @param ctx  the request
     * @param sent the form's {@code csrf} field
     */
    static void checkCsrf(ContainerRequestContext ctx, String sent) {
        String expected = csrf(ctx);
        if (expected.isEmpty() || sent == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8))) {
            throw new GatewayProblem(403, "gateway.csrf",
                    "این فرم از صفحه‌ای معتبر از همین درگاه فرستاده نشده یا کهنه است. صفحه را دوباره باز کنید.");
        }
    }
}
