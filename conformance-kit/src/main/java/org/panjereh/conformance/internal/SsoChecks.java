package org.panjereh.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.PortalDriver;

/**
 * The single sign-on rules (contract section 2.1; مصوبه ۲ جلسه ۲۶): login only through the national SSO, no local
 * sign-up, the «انتقال به پنجره ملی» link, a forged ID token refused, and the platform's back-channel logout obeyed.
 * The first logs the kit's citizen in, for the journey that follows.
 */
final class SsoChecks {

    private static final Pattern SIGNUP = Pattern.compile("(?i)(register|registration|sign-?up|join)");

    private final URI portal;
    private final SandboxAdmin sandbox;
    private final PortalDriver driver;
    private final JsonNode metadata;
    private final boolean chromium;
    private PortalBrowser citizen;

    SsoChecks(URI portal, SandboxAdmin sandbox, PortalDriver driver, JsonNode metadata, boolean chromium) {
        this.portal = portal;
        this.sandbox = sandbox;
        this.driver = driver;
        this.metadata = metadata;
        this.chromium = chromium;
    }

    /** @return the kit's citizen, logged in by {@link #nationalOnly}, or {@code null} when that login failed */
    PortalBrowser citizen() {
        return citizen;
    }

    // ---- sso.national-only

    void nationalOnly() throws Checks.Broken, IOException {
        String authorize = metadata.path("authorization_endpoint").asText();
        PortalBrowser b = new PortalBrowser(portal);
        PortalBrowser.Page atPlatform = b.open(driver.protectedPath());
        URI hop = atPlatform.redirects().stream().filter(u -> u.toString().startsWith(authorize)).findFirst()
                .orElseThrow(() -> new Checks.Broken("Opening " + driver.protectedPath() + " did not lead to the national SSO's "
                        + "authorization endpoint " + authorize + "; the browser went " + atPlatform.redirects()
                        + " and found: " + Checks.excerpt(atPlatform)));
        Map<String, String> q = Checks.query(hop);
        if (metadata.hasNonNull("pushed_authorization_request_endpoint")) {
            if (!q.keySet().equals(Set.of("client_id", "request_uri"))) {
                throw new Checks.Broken("The platform offers PAR, but the authorization request carried " + new TreeSet<>(q.keySet())
                        + " instead of only client_id and request_uri (RFC 9126)");
            }
        } else {
            for (String p : List.of("state", "nonce", "code_challenge")) {
                if (!q.containsKey(p)) {
                    throw new Checks.Broken("The authorization request has no " + p);
                }
            }
            if (!"S256".equals(q.get("code_challenge_method"))) {
                throw new Checks.Broken("The authorization request's code_challenge_method is " + q.get("code_challenge_method")
                        + ", not S256");
            }
        }
        if (atPlatform.first("input[name=txn]").isEmpty()) {
            throw new Checks.Broken("The national SSO refused the portal's authorization request (PKCE S256, state and nonce are "
                    + "required): " + Checks.excerpt(atPlatform));
        }
        PortalBrowser.Page landed = Checks.loginAt(b, atPlatform, driver.citizen());
        URI callback = landed.redirects().stream().filter(u -> u.getAuthority().equals(portal.getAuthority())
                && u.getRawQuery() != null && u.getRawQuery().contains("code=")).findFirst()
                .orElseThrow(() -> new Checks.Broken("After the SSO login the browser never came back to the portal with a code: "
                        + landed.redirects()));
        if (landed.status() != 200 || !landed.url().getAuthority().equals(portal.getAuthority())) {
            throw new Checks.Broken("After a successful SSO login the portal answered " + landed.status() + " at " + landed.url()
                    + ": " + Checks.excerpt(landed));
        }
        PortalBrowser.Page again = b.get(driver.protectedPath());
        if (again.status() != 200) {
            throw new Checks.Broken("After login, " + driver.protectedPath() + " still answers " + again.status() + ": no session was made");
        }
        citizen = b;
        if (chromium) {
            String seen = ChromiumLogin.check(portal, driver.protectedPath(), authorize, driver.citizen());
            if (seen != null) {
                throw new Checks.Broken(seen);
            }
        }
        // state binds the answer to the browser that asked: the same callback in another browser makes no session.
        PortalBrowser stranger = new PortalBrowser(portal);
        stranger.open(callback.toString());
        PortalBrowser.Page strangerPage = stranger.get(driver.protectedPath());
        if (strangerPage.status() == 200) {
            throw new Checks.Broken("The portal accepted a login callback (code and state) in a browser that never started that "
                    + "login: state is not checked against the browser's session");
        }
    }

    // ---- sso.no-local-signup

    void noLocalSignup() throws Checks.Broken, IOException {
        PortalBrowser b = new PortalBrowser(portal);
        List<PortalBrowser.Page> pages = new ArrayList<>();
        PortalBrowser.Page home = b.open("/");
        pages.add(home);
        Set<String> seen = new HashSet<>(List.of("/"));
        for (Element a : home.document().select("a[href]")) {
            URI u = URI.create(a.absUrl("href").isEmpty() ? portal.toString() : a.absUrl("href").replace(" ", "%20"));
            if (u.getAuthority() != null && u.getAuthority().equals(portal.getAuthority()) && !u.getPath().contains("logout")
                    && seen.add(u.getPath()) && seen.size() <= 30) {
                pages.add(b.get(u.toString()));
            }
        }
        PortalBrowser.Page login = new PortalBrowser(portal).open(driver.protectedPath());
        pages.add(login);
        for (PortalBrowser.Page p : pages) {
            if (!p.url().getAuthority().equals(portal.getAuthority())) {
                continue; // the platform's own pages may have what they like
            }
            if (p.first("input[type=password]").isPresent()) {
                throw new Checks.Broken(p.url().getPath() + " has a password field: people sign in and register only at the national window");
            }
            for (Element e : p.document().select("a[href], form[action]")) {
                String target = e.hasAttr("href") ? e.attr("href") : e.attr("action");
                String text = e.text().replace('\u200c', ' ');
                if (SIGNUP.matcher(target).find() || text.contains("ثبت نام") || text.contains("عضویت")) {
                    throw new Checks.Broken(p.url().getPath() + " offers a local registration (" + target + " «" + e.text()
                            + "»): registration happens only at the national window");
                }
            }
        }
    }

    // ---- sso.national-window-link

    void nationalWindowLink() throws Checks.Broken, IOException {
        if (citizen == null) {
            throw new Checks.Broken(Checks.LOGIN_PROBLEM);
        }
        PortalBrowser.Page profile = citizen.open(driver.profilePath());
        Optional<Element> link = profile.document().select("a[href]").stream()
                .filter(a -> a.text().replace('\u200c', ' ').contains("انتقال به پنجره ملی")).findFirst();
        if (link.isEmpty()) {
            throw new Checks.Broken(driver.profilePath() + " has no «انتقال به پنجره ملی» link");
        }
        String account = metadata.path("account_url").asText(metadata.path("issuer").asText());
        if (!link.get().absUrl("href").startsWith(account)) {
            throw new Checks.Broken("«انتقال به پنجره ملی» on " + driver.profilePath() + " goes to " + link.get().absUrl("href")
                    + ", not to the platform's account page " + account);
        }
    }

    // ---- sso.forged-id-token

    void forgedIdTokenRefused() throws Checks.Broken, IOException {
        PortalBrowser b = new PortalBrowser(portal);
        PortalBrowser.Page atPlatform = atPlatformLogin(b);
        sandbox.fault("token", "{\"wrongKey\": true}");
        try {
            Checks.loginAt(b, atPlatform, driver.citizen());
        } finally {
            sandbox.clearFault("token");
        }
        PortalBrowser.Page after = b.get(driver.protectedPath());
        if (after.status() == 200) {
            throw new Checks.Broken("The portal let the person in although the ID token was signed by a key the platform does not "
                    + "publish (a forged issuer): " + driver.protectedPath() + " answered 200");
        }
    }

    // ---- sso.backchannel-logout

    void backChannelLogout() throws Checks.Broken, IOException {
        PortalBrowser b = new PortalBrowser(portal);
        Checks.loginAt(b, atPlatformLogin(b), driver.citizen());
        if (b.get(driver.protectedPath()).status() != 200) {
            throw new Checks.Broken(Checks.LOGIN_PROBLEM);
        }
        int notified = 0;
        for (JsonNode s : sandbox.sessions()) {
            if (s.path("citizen").asText().equals(driver.citizen())) {
                for (JsonNode n : sandbox.logout(s.path("sid").asText()).path("notified")) {
                    notified++;
                    if (n.path("status").asInt() / 100 != 2) {
                        throw new Checks.Broken("The portal answered " + n.path("status").asInt() + " to the platform's logout token at "
                                + n.path("uri").asText());
                    }
                }
            }
        }
        if (notified == 0) {
            throw new Checks.Broken("The platform could not notify the portal: it registered no back-channel logout URI");
        }
        PortalBrowser.Page after = b.get(driver.protectedPath());
        if (after.status() == 200) {
            throw new Checks.Broken("After the platform's back-channel logout the portal's session still works: "
                    + driver.protectedPath() + " answered 200");
        }
    }

    /** Opens the protected page in a browser, which must land on the platform's login page. */
    private PortalBrowser.Page atPlatformLogin(PortalBrowser b) throws Checks.Broken, IOException {
        PortalBrowser.Page at = b.open(driver.protectedPath());
        if (at.first("input[name=txn]").isEmpty()) {
            throw new Checks.Broken(Checks.LOGIN_PROBLEM);
        }
        return at;
    }
}
