package org.panjereh.gateway;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.PersonType;
import org.panjereh.sso.PortalSession;
import org.panjereh.sso.SessionStore;

/**
 * The login-side breaches of {@link Violations}, kept apart from the real login guard. Each is what a
 * careless portal does; none is ever on unless {@code gateway.demo.violations} names it.
 */
final class DemoViolations {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoViolations() {
    }

    /** {@code local-login}: the portal's own username and password form instead of the national SSO. */
    static Response localLoginPage() {
        return Response.ok(Html.page("ورود", false, "<h1>ورود به درگاه</h1><form method=\"post\" action=\"/login\">"
                + "<label for=\"u\">نام کاربری</label><input type=\"text\" id=\"u\" name=\"username\">"
                + "<label for=\"p\">گذرواژه</label><input type=\"password\" id=\"p\" name=\"password\">"
                + "<button type=\"submit\">ورود</button></form>"), "text/html; charset=utf-8").build();
    }

    /** {@code signup}: a local registration form. */
    static String signupPage() {
        return Html.page("ثبت‌نام", false, "<h1>ثبت‌نام در درگاه</h1><form method=\"post\" action=\"/register\">"
                + "<label for=\"n\">کد ملی</label><input type=\"text\" id=\"n\" name=\"nationalCode\">"
                + "<label for=\"p\">گذرواژه</label><input type=\"password\" id=\"p\" name=\"password\">"
                + "<button type=\"submit\">ثبت‌نام</button></form>");
    }

    /**
     * {@code ignore-token-errors}: when the SDK refuses the login (a forged or unverifiable ID token), make a
     * session anyway, as a portal that does not check the token would.
     */
    static ContainerRequestContext sessionDespiteRefusal(ContainerRequestContext ctx, SessionStore sessions, URI issuer) {
        return (ContainerRequestContext) Proxy.newProxyInstance(DemoViolations.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("abortWith") && args[0] instanceof Response r && r.getStatus() >= 400) {
                        Instant now = Instant.now();
                        String id = token();
                        sessions.save(new PortalSession(id, null, new Citizen(issuer, "unverified", PersonType.NATURAL, null, null,
                                null, "کاربر", "تأییدنشده", null, null, LevelOfAssurance.LOA1, null, now), null, token(), now,
                                now.plusSeconds(3600)));
                        ctx.abortWith(Response.status(302).location(URI.create("/my"))
                                .header("Set-Cookie", "PANJEREH_SESSION=" + id + "; Path=/; HttpOnly; SameSite=Lax").build());
                        return null;
                    }
                    try {
                        return method.invoke(ctx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
