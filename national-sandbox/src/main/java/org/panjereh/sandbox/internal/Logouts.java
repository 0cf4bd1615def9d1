package org.panjereh.sandbox.internal;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.panjereh.core.shared.HttpSupport;

/**
 * Sessions at the platform and their end (OpenID Connect RP-Initiated and Back-Channel Logout): the logout page, an
 * admin's forced logout, and a logout token sent to every agency of the session that registered a back-channel URI.
 */
final class Logouts {

    /** One citizen session at the platform and the agencies it logged into. */
    record Session(String sid, String citizen, Set<String> clientIds) {
    }

    private final Sandbox sandbox;
    private final Login login;
    final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final OkHttpClient http = HttpSupport.defaultClient();
    private final ExecutorService logoutSender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sandbox-backchannel-logout");
        t.setDaemon(true);
        return t;
    });

    Logouts(Sandbox sandbox, Login login) {
        this.sandbox = sandbox;
        this.login = login;
    }

    void routes(Router r) {
        r.add("GET", "/logout", "logout", this::logout);
        r.add("GET", "/admin/sessions", "admin.sessions", c -> c.json(200, new ArrayList<>(sessions.values())));
        r.add("POST", "/admin/sessions/{sid}/logout", "admin.sessions", this::adminLogout);
    }

    // ---- Logout ---------------------------------------------------------------------------------

    private void logout(Call call) {
        Map<String, String> q = call.query();
        String sid = null;
        Agency agency = null;
        if (q.containsKey("id_token_hint")) {
            try {
                SignedJWT hint = SignedJWT.parse(q.get("id_token_hint"));
                if (!sandbox.keys.verify(hint)) {
                    throw new java.text.ParseException("signature", 0);
                }
                sid = hint.getJWTClaimsSet().getStringClaim("sid");
                List<String> aud = hint.getJWTClaimsSet().getAudience();
                agency = aud.isEmpty() ? null : sandbox.agencies.byClientId(aud.get(0));
            } catch (java.text.ParseException e) {
                Login.errorPage(call, "درخواست خروج نامعتبر است.", "id_token_hint is not an ID token of this platform.");
                return;
            }
        }
        String redirect = q.get("post_logout_redirect_uri");
        if (redirect != null && (agency == null || !allowedPostLogout(agency, redirect))) {
            Login.errorPage(call, "نشانی بازگشت پس از خروج ثبت نشده است.", "post_logout_redirect_uri is not registered.");
            return;
        }
        if (sid != null) {
            endSession(sid);
        }
        if (redirect != null) {
            call.redirect(redirect + (q.containsKey("state") ? (redirect.contains("?") ? "&" : "?") + "state="
                    + enc(q.get("state")) : ""));
        } else {
            call.html(200, Pages.page("خروج", "<p>از پنجره ملی خارج شدید.</p><p lang=\"en\" dir=\"ltr\">You are signed out.</p>"));
        }
    }

    private static boolean allowedPostLogout(Agency agency, String redirect) {
        try {
            URI u = URI.create(redirect);
            for (URI r : agency.registration.redirectUris()) {
                if (r.getScheme().equals(u.getScheme()) && r.getAuthority().equals(u.getAuthority())) {
                    return true;
                }
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        return false;
    }

    private void adminLogout(Call call) throws Exception {
        String sid = call.pathVar("sid");
        if (!sessions.containsKey(sid)) {
            throw Problem.notFound("admin.session_unknown", "No session " + sid);
        }
        call.json(200, Map.of("sid", sid, "notified", endSession(sid).get()));
    }

    /** Ends a session and sends a logout token to every agency of it that registered a back-channel URI. */
    java.util.concurrent.Future<List<Map<String, Object>>> endSession(String sid) {
        Session s = sessions.remove(sid);
        if (s == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(List.of());
        }
        return logoutSender.submit(() -> {
            List<Map<String, Object>> results = new ArrayList<>();
            for (String clientId : s.clientIds()) {
                Agency a = sandbox.agencies.byClientId(clientId);
                if (a == null || a.registration.backChannelLogoutUri() == null) {
                    continue;
                }
                results.add(sendLogoutToken(a, s));
            }
            return results;
        });
    }

    private Map<String, Object> sendLogoutToken(Agency a, Session s) {
        Instant now = sandbox.clock.instant();
        String token = sandbox.keys.sign(new JWTClaimsSet.Builder().issuer(sandbox.issuer()).audience(a.clientId())
                .subject(login.pairwise(a, s.citizen())).claim("sid", s.sid()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(120))).jwtID(UUID.randomUUID().toString())
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())).build(),
                new JOSEObjectType("logout+jwt"), false);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("clientId", a.clientId());
        rec.put("sid", s.sid());
        rec.put("uri", a.registration.backChannelLogoutUri().toString());
        try (Response r = http.newCall(new Request.Builder().url(a.registration.backChannelLogoutUri().toString())
                .post(new FormBody.Builder().add("logout_token", token).build()).build()).execute()) {
            rec.put("status", r.code());
        } catch (Exception e) {
            rec.put("status", 0);
            rec.put("error", e.getClass().getSimpleName());
        }
        sandbox.recorder.record("logout", now, a.id(), rec);
        return rec;
    }

    void close() {
        logoutSender.shutdownNow();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
