package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.AMR;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.AuthorizedParty;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.SessionID;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Citizen single sign-on (contract section 2.1): authorization code flow with PKCE S256, state and
 * nonce required, PAR, a login page where a tester picks a test citizen and a level of assurance,
 * ID tokens signed ES256; userinfo and introspection are {@link CitizenTokens}, sessions and logout {@link Logouts}.
 */
final class Login {

    static final List<String> LOAS = List.of("urn:ir:gov:loa:1", "urn:ir:gov:loa:2", "urn:ir:gov:loa:3");
    private static final Duration PENDING_TTL = Duration.ofMinutes(10);
    private static final Duration PAR_TTL = Duration.ofSeconds(90);
    private static final Duration CODE_TTL = Duration.ofSeconds(60);
    private static final Duration ID_TOKEN_TTL = Duration.ofMinutes(5);

    record Pending(AuthenticationRequest request, Agency agency, Instant expires) {
    }

    static final class Grant {
        final Agency agency;
        final String citizen;
        final String acr;
        final AuthenticationRequest request;
        final String sid;
        final Instant authTime;
        final Instant expires;
        boolean used;

        Grant(Agency agency, String citizen, String acr, AuthenticationRequest request, String sid, Instant authTime,
              Instant expires) {
            this.agency = agency;
            this.citizen = citizen;
            this.acr = acr;
            this.request = request;
            this.sid = sid;
            this.authTime = authTime;
            this.expires = expires;
        }
    }

    private final Sandbox sandbox;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Pending> pushed = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Logouts logouts;
    private final CitizenTokens tokens;

    Login(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.logouts = new Logouts(sandbox, this);
        this.tokens = new CitizenTokens(sandbox);
    }

    void routes(Router r) {
        if (!sandbox.liveLike()) {
            r.add("POST", "/par", "par", this::par);
        }
        r.add("GET", sandbox.oidcPath("authorize"), "authorize", this::authorize);
        r.add("POST", "/authorize/login", "authorize.login", this::loginSubmit);
        r.add("GET", "/account", "pages.account", c -> c.html(200, Pages.page("حساب کاربری در پنجره ملی",
                "<p>این صفحهٔ حساب کاربری شبیه‌ساز پنجره ملی است. ثبت‌نام و ویرایش اطلاعات فقط اینجا انجام می‌شود.</p>"
                        + "<p lang=\"en\" dir=\"ltr\">The sandbox's account page: registration and profile changes happen only here.</p>")));
        tokens.routes(r);
        logouts.routes(r);
    }

    // ---- PAR (RFC 9126) -------------------------------------------------------------------------

    private void par(Call call) throws Exception {
        PushedAuthorizationRequest par;
        try {
            HTTPRequest h = new HTTPRequest(HTTPRequest.Method.POST, URI.create(sandbox.url("/par")));
            h.setContentType(String.valueOf(call.header("Content-Type")));
            Call.decodeForm(new String(call.body(), StandardCharsets.UTF_8));
            h.setBody(new String(call.body(), StandardCharsets.UTF_8));
            par = PushedAuthorizationRequest.parse(h);
        } catch (ParseException e) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_REQUEST.setDescription(e.getMessage()));
        }
        if (par.getClientAuthentication() == null) {
            throw new OAuthProblem(401, OAuth2Error.INVALID_CLIENT.setDescription("PAR requires private_key_jwt"));
        }
        Agency agency = sandbox.auth.authenticateClient(par.getClientAuthentication());
        AuthenticationRequest ar;
        try {
            ar = AuthenticationRequest.parse(par.getAuthorizationRequest().toParameters());
        } catch (ParseException e) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_REQUEST.setDescription(e.getMessage()));
        }
        if (ar.getRequestObject() != null) {
            if (!ar.getClientID().getValue().equals(agency.clientId())) {
                throw new OAuthProblem(400, OAuth2Error.INVALID_REQUEST.setDescription("client_id does not match the client"));
            }
            // RFC 9101 §6.3: the request object is the request; parameters outside it are ignored.
            ar = RequestObjects.open(sandbox, agency, ar.getRequestObject());
        } else if (sandbox.fapi2()) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_REQUEST.setDescription(
                    "A signed request object is required (FAPI 2.0: require_signed_request_object)"));
        }
        if (ar.getRequestURI() != null) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_REQUEST.setDescription("request_uri is not allowed in PAR"));
        }
        if (!ar.getClientID().getValue().equals(agency.clientId())) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_REQUEST.setDescription("client_id does not match the client"));
        }
        String bad = check(ar, agency);
        if (bad != null) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_REQUEST.setDescription(bad));
        }
        String uri = "urn:ietf:params:oauth:request_uri:" + UUID.randomUUID();
        pushed.put(uri, new Pending(ar, agency, sandbox.clock.instant().plus(PAR_TTL)));
        call.json(201, Map.of("request_uri", uri, "expires_in", PAR_TTL.toSeconds()));
    }

    // ---- Authorization endpoint -----------------------------------------------------------------

    private void authorize(Call call) {
        Map<String, String> q = call.query();
        AuthenticationRequest ar;
        Agency agency;
        if (q.containsKey("request_uri")) {
            Pending p = pushed.remove(q.get("request_uri"));
            if (p == null || sandbox.clock.instant().isAfter(p.expires())) {
                errorPage(call, "درخواست ورود منقضی شده یا نامعتبر است.", "The request_uri is unknown, used or expired.");
                return;
            }
            if (!p.agency().clientId().equals(q.get("client_id"))) {
                errorPage(call, "شناسهٔ دستگاه با درخواست ورود نمی‌خواند.", "client_id does not match the pushed request.");
                return;
            }
            ar = p.request();
            agency = p.agency();
        } else {
            if (sandbox.fapi2()) {
                errorPage(call, "درخواست ورود باید پیش‌تر از راه PAR فرستاده شده باشد.",
                        "Only pushed authorization requests are accepted (FAPI 2.0: require_pushed_authorization_requests).");
                return;
            }
            try {
                Map<String, List<String>> params = new LinkedHashMap<>();
                q.forEach((k, v) -> params.put(k, List.of(v)));
                ar = AuthenticationRequest.parse(params);
            } catch (ParseException e) {
                errorPage(call, "درخواست ورود نادرست است.", "Malformed authorization request: " + e.getMessage());
                return;
            }
            agency = sandbox.agencies.byClientId(ar.getClientID().getValue());
            if (agency == null) {
                errorPage(call, "این دستگاه در پنجره ملی ثبت نشده است.", "Unknown client_id.");
                return;
            }
            if (!agency.registration.redirectUris().contains(ar.getRedirectionURI())) {
                // Never redirect to an unregistered URI (RFC 6749 section 4.1.2.1).
                errorPage(call, "نشانی بازگشت برای این دستگاه ثبت نشده است.", "redirect_uri is not registered for this client.");
                return;
            }
            String bad = check(ar, agency);
            if (bad != null) {
                redirectError(call, ar, "invalid_request", bad);
                return;
            }
        }
        String txn = UUID.randomUUID().toString();
        pending.put(txn, new Pending(ar, agency, sandbox.clock.instant().plus(PENDING_TTL)));
        String asked = ar.getACRValues() == null || ar.getACRValues().isEmpty() ? LOAS.get(0)
                : ar.getACRValues().get(0).getValue();
        // The form's answer redirects to the agency's callback: only that exact URI joins form-action.
        URI callback = ar.getRedirectionURI();
        String target = callback.getScheme() + "://" + callback.getRawAuthority() + callback.getRawPath();
        call.html(200, Pages.loginPage(txn, sandbox.catalog.testData.get("citizens"), asked, agency.clientId(), sandbox.pages::powers),
                target.matches("[A-Za-z0-9+.:/%_~@!$&'()*,;=\\[\\]-]+") && !target.contains(";") && !target.contains(",")
                        ? target : null);
    }

    /** Checks what the contract requires of an authentication request; returns what is wrong, or null. */
    private static String check(AuthenticationRequest ar, Agency agency) {
        if (!agency.registration.redirectUris().contains(ar.getRedirectionURI())) {
            return "redirect_uri is not registered for this client";
        }
        if (!ResponseType.CODE.equals(ar.getResponseType())) {
            return "response_type must be code";
        }
        if (ar.getState() == null) {
            return "state is required";
        }
        if (ar.getNonce() == null) {
            return "nonce is required";
        }
        if (ar.getCodeChallenge() == null || !CodeChallengeMethod.S256.equals(ar.getCodeChallengeMethod())) {
            return "PKCE with code_challenge_method=S256 is required";
        }
        if (ar.getACRValues() != null) {
            for (ACR a : ar.getACRValues()) {
                if (!LOAS.contains(a.getValue())) {
                    return "unknown acr value " + a.getValue();
                }
            }
        }
        return null;
    }

    private void loginSubmit(Call call) {
        Map<String, String> f = call.form();
        Pending p = pending.remove(String.valueOf(f.get("txn")));
        if (p == null || sandbox.clock.instant().isAfter(p.expires())) {
            errorPage(call, "مهلت ورود تمام شده است. دوباره از درگاه دستگاه وارد شوید.", "Login transaction unknown or expired.");
            return;
        }
        AuthenticationRequest ar = p.request();
        if ("cancel".equals(f.get("action"))) {
            redirectError(call, ar, "access_denied", "The citizen cancelled the login");
            return;
        }
        JsonNode citizen = sandbox.catalog.citizenBySub(String.valueOf(f.get("citizen")));
        String loa = f.get("loa");
        if (citizen == null || !LOAS.contains(loa)) {
            errorPage(call, "شهروند آزمایشی یا سطح اطمینان انتخاب نشده است.", "Pick a test citizen and a level of assurance.");
            return;
        }
        if (LOAS.indexOf(loa) > LOAS.indexOf(citizen.get("maxLoa").asText())) {
            errorPage(call, "این شهروند آزمایشی نمی‌تواند با این سطح اطمینان وارد شود.",
                    "This test citizen cannot reach that level of assurance.");
            return;
        }
        Instant now = sandbox.clock.instant();
        String sid = UUID.randomUUID().toString();
        logouts.sessions.put(sid, new Logouts.Session(sid, citizen.get("sub").asText(), ConcurrentHashMap.newKeySet()));
        logouts.sessions.get(sid).clientIds().add(p.agency().clientId());
        String code = new AuthorizationCode().getValue();
        codes.put(code, new Grant(p.agency(), citizen.get("sub").asText(), loa, ar, sid, now, now.plus(CODE_TTL)));
        sandbox.recorder.record("login", now, p.agency().id(), Map.of("clientId", p.agency().clientId(), "sid", sid,
                "acr", loa, "requestedAcr", ar.getACRValues() == null ? List.of() : ar.getACRValues().stream()
                        .map(ACR::getValue).toList(), "pkce", true, "state", true, "nonce", true,
                "prompt", ar.getPrompt() == null ? "" : ar.getPrompt().toString()));
        call.redirect(ar.getRedirectionURI() + (ar.getRedirectionURI().getQuery() == null ? "?" : "&")
                + "code=" + enc(code) + "&state=" + enc(ar.getState().getValue()) + "&iss=" + enc(sandbox.issuer()));
    }

    private void redirectError(Call call, AuthenticationRequest ar, String error, String description) {
        String sep = ar.getRedirectionURI().getQuery() == null ? "?" : "&";
        call.redirect(ar.getRedirectionURI() + sep + "error=" + enc(error) + "&error_description=" + enc(description)
                + (ar.getState() == null ? "" : "&state=" + enc(ar.getState().getValue())) + "&iss=" + enc(sandbox.issuer()));
    }

    static void errorPage(Call call, String fa, String en) {
        call.html(400, Pages.page("خطا در ورود", "<p role=\"alert\">" + Pages.esc(fa) + "</p><p lang=\"en\" dir=\"ltr\">"
                + Pages.esc(en) + "</p>"));
    }

    // ---- Token endpoint: authorization_code -----------------------------------------------------

    void codeGrant(Call call, TokenRequest tr) throws Exception {
        Agency agency = sandbox.auth.authenticateClient(tr.getClientAuthentication());
        AuthorizationCodeGrant g = (AuthorizationCodeGrant) tr.getAuthorizationGrant();
        // DPoP (RFC 9449) before the code is spent, so that a nonce challenge (§8) leaves it redeemable: a proof binds
        // the tokens to its key; the FAPI 2.0 profile requires one, and a code whose request named a key (dpop_jkt) is
        // redeemed only with a proof of that key.
        com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation cnf = null;
        if (sandbox.config.dpop() && (sandbox.fapi2() || !call.headerValues("DPoP").isEmpty())) {
            cnf = sandbox.auth.verifyTokenRequestProof(call, agency);
        }
        Grant grant = codes.get(g.getAuthorizationCode().getValue());
        Instant now = sandbox.clock.instant();
        if (grant == null) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_GRANT.setDescription("Unknown authorization code"));
        }
        synchronized (grant) {
            if (grant.used) {
                throw new OAuthProblem(400, OAuth2Error.INVALID_GRANT.setDescription("Authorization code already used"));
            }
            grant.used = true;
        }
        if (now.isAfter(grant.expires)) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_GRANT.setDescription("Authorization code expired"));
        }
        if (!grant.agency.clientId().equals(agency.clientId())) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_GRANT.setDescription("Code was issued to another client"));
        }
        if (!grant.request.getRedirectionURI().equals(g.getRedirectionURI())) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_GRANT.setDescription("redirect_uri does not match"));
        }
        CodeVerifier verifier = g.getCodeVerifier();
        if (verifier == null || !CodeChallenge.compute(CodeChallengeMethod.S256, verifier).equals(grant.request.getCodeChallenge())) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_GRANT.setDescription("PKCE verification failed"));
        }
        com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation named = grant.request.getDPoPJWKThumbprintConfirmation();
        if (named != null && !named.equals(cnf)) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_GRANT.setDescription(
                    "The DPoP proof's key is not the one the authorization request named (dpop_jkt)"));
        }
        JsonNode citizen = sandbox.catalog.citizenBySub(grant.citizen);
        String sub = pairwise(agency, grant.citizen);
        Scope scope = grant.request.getScope();
        long lifetime = sandbox.config.accessTokenLifetime().toSeconds();
        JWTClaimsSet.Builder atClaims = new JWTClaimsSet.Builder().issuer(sandbox.issuer()).subject(sub)
                .audience(sandbox.issuer()).claim("client_id", agency.clientId()).claim("scope", scope.toString())
                .claim("token_use", "user").claim("sid", grant.sid).claim("citizen", grant.citizen)
                .claim("acr", grant.acr).claim("auth_time", grant.authTime.getEpochSecond())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        if (cnf != null) {
            atClaims.claim("cnf", Map.of("jkt", cnf.getValue().toString()));
        }
        String at = sandbox.keys.sign(atClaims.build(), new JOSEObjectType("at+jwt"), false);
        com.nimbusds.oauth2.sdk.token.AccessToken accessToken = cnf != null
                ? new com.nimbusds.oauth2.sdk.token.DPoPAccessToken(at, lifetime, scope) : new BearerAccessToken(at, lifetime, scope);

        IDTokenClaimsSet id = new IDTokenClaimsSet(new Issuer(sandbox.issuer()), new Subject(sub),
                List.of(new Audience(agency.clientId())), Date.from(now.plus(ID_TOKEN_TTL)), Date.from(now));
        id.setNonce(grant.request.getNonce());
        id.setACR(new ACR(grant.acr));
        id.setAMR(amr(grant.acr));
        id.setAuthenticationTime(Date.from(grant.authTime));
        id.setSessionID(new SessionID(grant.sid));
        id.setAuthorizedParty(new AuthorizedParty(agency.clientId()));
        id.setAccessTokenHash(AccessTokenHash.compute(accessToken, JWSAlgorithm.ES256, com.nimbusds.jose.jwk.Curve.P_256));
        claims(citizen, scope, sandbox.liveLike()).forEach(id::setClaim);
        String idToken = sandbox.keys.sign(id.toJWTClaimsSet(), JOSEObjectType.JWT, call.signWithWrongKey);
        // Signed, then encrypted to the agency's registered encryption key when it has one (OIDC Core 10.2).
        java.util.Optional<com.nimbusds.jose.jwk.JWK> enc = agency.encryptionKey();
        OIDCTokens tokens = new OIDCTokens(enc.isPresent() ? Encryption.encrypt(idToken, enc.get())
                : SignedJWT.parse(idToken), accessToken, null);
        call.header("Cache-Control", "no-store");
        call.send(200, "application/json", new OIDCTokenResponse(tokens).toJSONObject().toJSONString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private static List<AMR> amr(String acr) {
        return switch (acr) {
            case "urn:ir:gov:loa:3" -> List.of(new AMR("sc"), new AMR("pin"));
            case "urn:ir:gov:loa:2" -> List.of(new AMR("otp"), new AMR("sms"));
            default -> List.of(new AMR("otp"));
        };
    }

    /** Claims released for the granted scopes (contract section 2.1). */
    static Map<String, Object> claims(JsonNode c, Scope scope, boolean liveLike) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (scope.contains("profile")) {
            m.put("given_name", c.get("givenName").asText());
            m.put("family_name", c.get("familyName").asText());
            m.put("birthdate", c.get("birthDate").asText());
        }
        if (scope.contains("national_id")) {
            m.put("person_type", c.get("personType").asText());
            if (c.hasNonNull("nationalCode")) {
                m.put(liveLike ? "nationalCode" : "national_code", c.get("nationalCode").asText());
            }
            if (c.hasNonNull("fidaCode")) {
                m.put("fida_code", c.get("fidaCode").asText());
            }
            if (c.hasNonNull("legalEntityId")) {
                m.put("legal_entity_id", c.get("legalEntityId").asText());
            }
        }
        if (scope.contains("phone")) {
            m.put("phone_number", c.get("mobile").asText());
            m.put("phone_number_verified", true);
        }
        return m;
    }

    String pairwise(Agency agency, String citizen) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((agency.id() + "|" + citizen + "|sandbox-pairwise-salt")
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    void close() {
        logouts.close();
    }
}
