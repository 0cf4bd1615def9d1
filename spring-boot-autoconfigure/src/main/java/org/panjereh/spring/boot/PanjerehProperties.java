package org.panjereh.spring.boot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.panjereh.core.PlatformSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code panjereh.*} keys, bound from {@code application.yml}, {@code application.properties} or the
 * environment ({@code PANJEREH_PLATFORM_ISSUER}). They are the keys {@link PlatformSettings} and
 * {@code SsoSettings} read everywhere else (docs/live-platform.md), so a portal moves between Quarkus, a WAR and
 * Spring Boot with its configuration unchanged; the starter adds only the keys of the beans it makes.
 *
 * <p>Secrets are never values here: the signing key, its password and the client secret are named by file
 * (or, for the secret, by environment variable name).
 *
 * <p>Why this class is long: Spring Boot binds one {@code @ConfigurationProperties} root per prefix, and its
 * configuration metadata (the IDE's completion and each key's description) comes from this one tree of nested
 * classes with their javadoc, as in Spring Boot's own {@code ServerProperties}; each nested class is one module's keys.
 */
@ConfigurationProperties(prefix = "panjereh")
public class PanjerehProperties {

    /** The national platform. */
    private final Platform platform = new Platform();
    /** This agency. */
    private final Agency agency = new Agency();
    /** National single sign-on. */
    private final Sso sso = new Sso();
    /** Service events and message-box notices. */
    private final Events events = new Events();
    /** Inquiries through the national information exchange. */
    private final Exchange exchange = new Exchange();
    /** The satisfaction survey. */
    private final Survey survey = new Survey();
    /** Fees. */
    private final Payments payments = new Payments();
    /** Signed permits. */
    private final Documents documents = new Documents();
    /** Health indicators. */
    private final Health health = new Health();
    /** Monthly performance reports. */
    private final Reports reports = new Reports();
    /** Service cards kept as YAML files. */
    private final Cards cards = new Cards();
    /** The portal's visitor counts. */
    private final Visits visits = new Visits();

    /** @return the platform's keys */
    public Platform getPlatform() {
        return platform;
    }

    /** @return the agency's keys */
    public Agency getAgency() {
        return agency;
    }

    /** @return the single sign-on keys */
    public Sso getSso() {
        return sso;
    }

    /** @return the event keys */
    public Events getEvents() {
        return events;
    }

    /** @return the exchange keys */
    public Exchange getExchange() {
        return exchange;
    }

    /** @return the survey keys */
    public Survey getSurvey() {
        return survey;
    }

    /** @return the payment keys */
    public Payments getPayments() {
        return payments;
    }

    /** @return the document keys */
    public Documents getDocuments() {
        return documents;
    }

    /** @return the health keys */
    public Health getHealth() {
        return health;
    }

    /** @return the report keys */
    public Reports getReports() {
        return reports;
    }

    /** @return the service card keys */
    public Cards getCards() {
        return cards;
    }

    /** @return the visitor count keys */
    public Visits getVisits() {
        return visits;
    }

    /**
     * The bound values under the keys {@link PlatformSettings} reads, so that the SDK's own checks (with the
     * key's name in every message) apply unchanged.
     *
     * @return the settings
     */
    public PlatformSettings toSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        BiConsumer<String, Object> put = (k, v) -> {
            if (v != null) {
                m.put("panjereh." + k, v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : String.valueOf(v));
            }
        };
        Platform p = platform;
        put.accept("platform.issuer", p.issuer);
        put.accept("platform.discovery", p.discovery);
        put.accept("platform.allow-insecure-http", p.allowInsecureHttp);
        put.accept("platform.refresh-interval", p.refreshInterval);
        put.accept("platform.jwks-uri", p.jwksUri);
        put.accept("platform.authorization-endpoint", p.authorizationEndpoint);
        put.accept("platform.token-endpoint", p.tokenEndpoint);
        put.accept("platform.userinfo-endpoint", p.userinfoEndpoint);
        put.accept("platform.end-session-endpoint", p.endSessionEndpoint);
        put.accept("platform.par-endpoint", p.parEndpoint);
        put.accept("platform.token-endpoint-auth-methods", p.tokenEndpointAuthMethods.isEmpty() ? null : p.tokenEndpointAuthMethods);
        put.accept("platform.dpop-signing-algs", p.dpopSigningAlgs.isEmpty() ? null : p.dpopSigningAlgs);
        put.accept("platform.acr-values", p.acrValues.isEmpty() ? null : p.acrValues);
        put.accept("platform.backchannel-logout", p.backchannelLogout);
        put.accept("platform.account-url", p.accountUrl);
        put.accept("platform.tracking-endpoint", p.trackingEndpoint);
        put.accept("platform.service-events-endpoint", p.serviceEventsEndpoint);
        put.accept("platform.survey-endpoint", p.surveyEndpoint);
        put.accept("platform.exchange-endpoint", p.exchangeEndpoint);
        put.accept("platform.service-registry-endpoint", p.serviceRegistryEndpoint);
        put.accept("platform.message-box-endpoint", p.messageBoxEndpoint);
        put.accept("platform.payment-endpoint", p.paymentEndpoint);
        put.accept("platform.reports-endpoint", p.reportsEndpoint);
        put.accept("platform.verify-window", p.verifyWindow == null ? null : p.verifyWindow.toSeconds());
        put.accept("agency.id", agency.id);
        put.accept("agency.client-id", agency.clientId);
        put.accept("agency.key-file", agency.keyFile);
        put.accept("agency.key-password-file", agency.keyPasswordFile);
        put.accept("agency.client-secret-file", agency.clientSecretFile);
        put.accept("agency.client-secret-env", agency.clientSecretEnv);
        put.accept("agency.client-assertion-audience", agency.clientAssertionAudience);
        put.accept("agency.encryption-key-file", agency.encryptionKeyFile.isEmpty() ? null : agency.encryptionKeyFile);
        put.accept("sso.redirect-uri", sso.redirectUri);
        put.accept("sso.userinfo", sso.userinfo);
        put.accept("sso.max-login-age", sso.maxLoginAge);
        put.accept("sso.signed-request-object", sso.signedRequestObject);
        put.accept("sso.dpop", sso.dpop);
        sso.claims.forEach((k, v) -> put.accept("sso.claims." + k, v));
        return PlatformSettings.fromMap(m);
    }

    /** {@code panjereh.platform.*}: where the national platform is. */
    public static class Platform {
        /** The platform's issuer URL, e.g. https://sso.my.gov.ir or the sandbox's http://127.0.0.1:8089. */
        private URI issuer;
        /** Read the discovery document (true), or take every endpoint from the keys below (false). */
        private boolean discovery = true;
        /** Allow plain HTTP to hosts other than loopback: test networks only. */
        private boolean allowInsecureHttp;
        /** How long a discovery document is used before it is fetched again. */
        private Duration refreshInterval = Duration.ofHours(1);
        /** The platform's JWKS URL (required when discovery is false). */
        private URI jwksUri;
        /** Authorization endpoint (required when discovery is false). */
        private URI authorizationEndpoint;
        /** Token endpoint (required when discovery is false). */
        private URI tokenEndpoint;
        /** Userinfo endpoint (without discovery). */
        private URI userinfoEndpoint;
        /** End-session endpoint (without discovery). */
        private URI endSessionEndpoint;
        /** Pushed authorization request endpoint (without discovery; PAR is used only when known). */
        private URI parEndpoint;
        /** Token endpoint client authentication methods: private_key_jwt, client_secret_basic (without discovery). */
        private List<String> tokenEndpointAuthMethods = new ArrayList<>();
        /** DPoP algorithms (without discovery; empty: Bearer tokens). */
        private List<String> dpopSigningAlgs = new ArrayList<>();
        /** Levels of assurance the platform offers (without discovery). */
        private List<String> acrValues = new ArrayList<>();
        /** Whether the platform sends back-channel logout tokens (without discovery). */
        private Boolean backchannelLogout;
        /** The citizen's account page at the national window (without discovery). */
        private URI accountUrl;
        /** Tracking-id issuer endpoint (without discovery). */
        private URI trackingEndpoint;
        /** Service-events endpoint (without discovery). */
        private URI serviceEventsEndpoint;
        /** Survey endpoint (without discovery). */
        private URI surveyEndpoint;
        /** Information exchange endpoint (without discovery). */
        private URI exchangeEndpoint;
        /** Service registry endpoint (without discovery). */
        private URI serviceRegistryEndpoint;
        /** Message-box endpoint (without discovery). */
        private URI messageBoxEndpoint;
        /** Payment endpoint (without discovery). */
        private URI paymentEndpoint;
        /** Monthly reports endpoint (without discovery). */
        private URI reportsEndpoint;
        /** Payment verification window (without discovery; the platform's verify_window, default 15 minutes). */
        private Duration verifyWindow;

        /** @return the issuer */
        public URI getIssuer() {
            return issuer;
        }

        /** @param v the issuer */
        public void setIssuer(URI v) {
            issuer = v;
        }

        /** @return whether discovery is used */
        public boolean isDiscovery() {
            return discovery;
        }

        /** @param v whether discovery is used */
        public void setDiscovery(boolean v) {
            discovery = v;
        }

        /** @return whether plain HTTP is allowed */
        public boolean isAllowInsecureHttp() {
            return allowInsecureHttp;
        }

        /** @param v whether plain HTTP is allowed */
        public void setAllowInsecureHttp(boolean v) {
            allowInsecureHttp = v;
        }

        /** @return the refresh interval */
        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        /** @param v the refresh interval */
        public void setRefreshInterval(Duration v) {
            refreshInterval = v;
        }

        /** @return the JWKS URL */
        public URI getJwksUri() {
            return jwksUri;
        }

        /** @param v the JWKS URL */
        public void setJwksUri(URI v) {
            jwksUri = v;
        }

        /** @return the authorization endpoint */
        public URI getAuthorizationEndpoint() {
            return authorizationEndpoint;
        }

        /** @param v the authorization endpoint */
        public void setAuthorizationEndpoint(URI v) {
            authorizationEndpoint = v;
        }

        /** @return the token endpoint */
        public URI getTokenEndpoint() {
            return tokenEndpoint;
        }

        /** @param v the token endpoint */
        public void setTokenEndpoint(URI v) {
            tokenEndpoint = v;
        }

        /** @return the userinfo endpoint */
        public URI getUserinfoEndpoint() {
            return userinfoEndpoint;
        }

        /** @param v the userinfo endpoint */
        public void setUserinfoEndpoint(URI v) {
            userinfoEndpoint = v;
        }

        /** @return the end-session endpoint */
        public URI getEndSessionEndpoint() {
            return endSessionEndpoint;
        }

        /** @param v the end-session endpoint */
        public void setEndSessionEndpoint(URI v) {
            endSessionEndpoint = v;
        }

        /** @return the PAR endpoint */
        public URI getParEndpoint() {
            return parEndpoint;
        }

        /** @param v the PAR endpoint */
        public void setParEndpoint(URI v) {
            parEndpoint = v;
        }

        /** @return the token endpoint authentication methods */
        public List<String> getTokenEndpointAuthMethods() {
            return tokenEndpointAuthMethods;
        }

        /** @param v the token endpoint authentication methods */
        public void setTokenEndpointAuthMethods(List<String> v) {
            tokenEndpointAuthMethods = v;
        }

        /** @return the DPoP algorithms */
        public List<String> getDpopSigningAlgs() {
            return dpopSigningAlgs;
        }

        /** @param v the DPoP algorithms */
        public void setDpopSigningAlgs(List<String> v) {
            dpopSigningAlgs = v;
        }

        /** @return the levels offered */
        public List<String> getAcrValues() {
            return acrValues;
        }

        /** @param v the levels offered */
        public void setAcrValues(List<String> v) {
            acrValues = v;
        }

        /** @return whether back-channel logout is sent */
        public Boolean getBackchannelLogout() {
            return backchannelLogout;
        }

        /** @param v whether back-channel logout is sent */
        public void setBackchannelLogout(Boolean v) {
            backchannelLogout = v;
        }

        /** @return the account page */
        public URI getAccountUrl() {
            return accountUrl;
        }

        /** @param v the account page */
        public void setAccountUrl(URI v) {
            accountUrl = v;
        }

        /** @return the tracking endpoint */
        public URI getTrackingEndpoint() {
            return trackingEndpoint;
        }

        /** @param v the tracking endpoint */
        public void setTrackingEndpoint(URI v) {
            trackingEndpoint = v;
        }

        /** @return the service-events endpoint */
        public URI getServiceEventsEndpoint() {
            return serviceEventsEndpoint;
        }

        /** @param v the service-events endpoint */
        public void setServiceEventsEndpoint(URI v) {
            serviceEventsEndpoint = v;
        }

        /** @return the survey endpoint */
        public URI getSurveyEndpoint() {
            return surveyEndpoint;
        }

        /** @param v the survey endpoint */
        public void setSurveyEndpoint(URI v) {
            surveyEndpoint = v;
        }

        /** @return the exchange endpoint */
        public URI getExchangeEndpoint() {
            return exchangeEndpoint;
        }

        /** @param v the exchange endpoint */
        public void setExchangeEndpoint(URI v) {
            exchangeEndpoint = v;
        }

        /** @return the service registry endpoint */
        public URI getServiceRegistryEndpoint() {
            return serviceRegistryEndpoint;
        }

        /** @param v the service registry endpoint */
        public void setServiceRegistryEndpoint(URI v) {
            serviceRegistryEndpoint = v;
        }

        /** @return the message-box endpoint */
        public URI getMessageBoxEndpoint() {
            return messageBoxEndpoint;
        }

        /** @param v the message-box endpoint */
        public void setMessageBoxEndpoint(URI v) {
            messageBoxEndpoint = v;
        }

        /** @return the payment endpoint */
        public URI getPaymentEndpoint() {
            return paymentEndpoint;
        }

        /** @param v the payment endpoint */
        public void setPaymentEndpoint(URI v) {
            paymentEndpoint = v;
        }

        /** @return the monthly reports endpoint */
        public URI getReportsEndpoint() {
            return reportsEndpoint;
        }

        /** @param v the monthly reports endpoint */
        public void setReportsEndpoint(URI v) {
            reportsEndpoint = v;
        }

        /** @return the payment verification window */
        public Duration getVerifyWindow() {
            return verifyWindow;
        }

        /** @param v the payment verification window */
        public void setVerifyWindow(Duration v) {
            verifyWindow = v;
        }
    }

    /** {@code panjereh.agency.*}: who this portal is at the platform. */
    public static class Agency {
        /** The agency's id at the national window, e.g. 1010. */
        private String id;
        /** The OAuth client id registered at the platform. */
        private String clientId;
        /** The signing key: PEM, PKCS#12 (.p12/.pfx) or JWK (.jwk/.json) file. */
        private Path keyFile;
        /** A file holding the key file's password. */
        private Path keyPasswordFile;
        /** A file holding the client secret (client_secret_basic only). */
        private Path clientSecretFile;
        /** The name of the environment variable holding the client secret. */
        private String clientSecretEnv;
        /** Encryption key files, newest first: ID tokens must then come encrypted to one of them (two during a rotation). */
        private List<Path> encryptionKeyFile = new ArrayList<>();

        /** @return the encryption key files */
        public List<Path> getEncryptionKeyFile() {
            return encryptionKeyFile;
        }

        /** @param v the encryption key files */
        public void setEncryptionKeyFile(List<Path> v) {
            encryptionKeyFile = v;
        }

        /** The aud of client assertions: issuer (FAPI 2.0) or endpoint (a platform accepting only the endpoint's URL). */
        private String clientAssertionAudience = "issuer";

        /** @return the client assertions' audience */
        public String getClientAssertionAudience() {
            return clientAssertionAudience;
        }

        /** @param v the client assertions' audience */
        public void setClientAssertionAudience(String v) {
            clientAssertionAudience = v;
        }

        /** @return the agency id */
        public String getId() {
            return id;
        }

        /** @param v the agency id */
        public void setId(String v) {
            id = v;
        }

        /** @return the client id */
        public String getClientId() {
            return clientId;
        }

        /** @param v the client id */
        public void setClientId(String v) {
            clientId = v;
        }

        /** @return the key file */
        public Path getKeyFile() {
            return keyFile;
        }

        /** @param v the key file */
        public void setKeyFile(Path v) {
            keyFile = v;
        }

        /** @return the key password file */
        public Path getKeyPasswordFile() {
            return keyPasswordFile;
        }

        /** @param v the key password file */
        public void setKeyPasswordFile(Path v) {
            keyPasswordFile = v;
        }

        /** @return the client secret file */
        public Path getClientSecretFile() {
            return clientSecretFile;
        }

        /** @param v the client secret file */
        public void setClientSecretFile(Path v) {
            clientSecretFile = v;
        }

        /** @return the client secret's variable name */
        public String getClientSecretEnv() {
            return clientSecretEnv;
        }

        /** @param v the client secret's variable name */
        public void setClientSecretEnv(String v) {
            clientSecretEnv = v;
        }
    }

    /** {@code panjereh.sso.*}: the national login. */
    public static class Sso {
        /** The portal's registered callback URL, e.g. https://portal.example.ir/login/callback. */
        private URI redirectUri;
        /** Also read userinfo after login and check that it names the same person. */
        private boolean userinfo;
        /** Longest time between the start of a login and its callback. */
        private Duration maxLoginAge = Duration.ofMinutes(10);
        /** Claim names where the platform's differ from the contract's, e.g. national-code: nationalCode. */
        private Map<String, String> claims = new LinkedHashMap<>();
        /** Where the platform sends the browser after logging out there (default: the portal's root). */
        private URI postLogoutRedirectUri;
        /** Sign authorization requests as request objects (RFC 9101) even where the platform does not require it. */
        private boolean signedRequestObject;
        /** Bind the citizen's tokens to a DPoP key of the portal (RFC 9449); a FAPI 2.0 platform requires it. */
        private boolean dpop;

        /** @return whether request objects are always signed */
        public boolean isSignedRequestObject() {
            return signedRequestObject;
        }

        /** @param v whether request objects are always signed */
        public void setSignedRequestObject(boolean v) {
            signedRequestObject = v;
        }

        /** @return whether logins use DPoP */
        public boolean isDpop() {
            return dpop;
        }

        /** @param v whether logins use DPoP */
        public void setDpop(boolean v) {
            dpop = v;
        }

        /** @return the callback URL */
        public URI getRedirectUri() {
            return redirectUri;
        }

        /** @param v the callback URL */
        public void setRedirectUri(URI v) {
            redirectUri = v;
        }

        /** @return whether userinfo is read */
        public boolean isUserinfo() {
            return userinfo;
        }

        /** @param v whether userinfo is read */
        public void setUserinfo(boolean v) {
            userinfo = v;
        }

        /** @return the longest login */
        public Duration getMaxLoginAge() {
            return maxLoginAge;
        }

        /** @param v the longest login */
        public void setMaxLoginAge(Duration v) {
            maxLoginAge = v;
        }

        /** @return the claim names */
        public Map<String, String> getClaims() {
            return claims;
        }

        /** @param v the claim names */
        public void setClaims(Map<String, String> v) {
            claims = v;
        }

        /** @return where the platform sends the browser after logout */
        public URI getPostLogoutRedirectUri() {
            return postLogoutRedirectUri;
        }

        /** @param v where the platform sends the browser after logout */
        public void setPostLogoutRedirectUri(URI v) {
            postLogoutRedirectUri = v;
        }
    }

    /** {@code panjereh.events.*}: the durable outbox on the application's DataSource. */
    public static class Events {
        /** This node's stable id in the shared outbox (default: the host name); distinct per node. */
        private String nodeId;
        /** Where rejected records are kept, as JSON lines. */
        private Path deadLetterFile = Path.of("panjereh-dead-letters.jsonl");
        /** Run the delivery thread on this node (off for a node that only stores). */
        private boolean deliver = true;

        /** @return the node id */
        public String getNodeId() {
            return nodeId;
        }

        /** @param v the node id */
        public void setNodeId(String v) {
            nodeId = v;
        }

        /** @return the dead-letter file */
        public Path getDeadLetterFile() {
            return deadLetterFile;
        }

        /** @param v the dead-letter file */
        public void setDeadLetterFile(Path v) {
            deadLetterFile = v;
        }

        /** @return whether this node delivers */
        public boolean isDeliver() {
            return deliver;
        }

        /** @param v whether this node delivers */
        public void setDeliver(boolean v) {
            deliver = v;
        }
    }

    /** {@code panjereh.exchange.*}: inquiries. */
    public static class Exchange {
        /** Configure NationalExchange (set false in a portal that makes no inquiries). */
        private boolean enabled = true;
        /** The file holding the X-User-Ref key (32+ random bytes, Base64); required: references must survive restarts. */
        private Path userRefKeyFile;
        /** Where the inquiry audit is appended as JSON lines (default: table panjereh_exchange_audit of the application's DataSource, or else the panjereh.exchange.audit logger). */
        private Path auditFile;

        /** @return whether the exchange is configured */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param v whether the exchange is configured */
        public void setEnabled(boolean v) {
            enabled = v;
        }

        /** @return the key file */
        public Path getUserRefKeyFile() {
            return userRefKeyFile;
        }

        /** @param v the key file */
        public void setUserRefKeyFile(Path v) {
            userRefKeyFile = v;
        }

        /** @return the audit file */
        public Path getAuditFile() {
            return auditFile;
        }

        /** @param v the audit file */
        public void setAuditFile(Path v) {
            auditFile = v;
        }

        /** The provider side: where the application's ProvidedService beans are served. */
        private final Provider provider = new Provider();

        /** @return the provider keys */
        public Provider getProvider() {
            return provider;
        }
    }

    /** {@code panjereh.exchange.provider.*}: serving the application's {@code ProvidedService} beans (contract §12). */
    public static class Provider {
        /** The public URL the services are served under, e.g. https://portal.example/exchange/ (each at + its name). */
        private URI endpoint;
        /** The servlet mapping of the provider endpoint. */
        private String path = "/exchange/*";
        /** Publish every descriptor at the exchange when the context starts. */
        private boolean publishOnStart = true;

        /** @return the endpoint */
        public URI getEndpoint() {
            return endpoint;
        }

        /** @param v the endpoint */
        public void setEndpoint(URI v) {
            endpoint = v;
        }

        /** @return the servlet mapping */
        public String getPath() {
            return path;
        }

        /** @param v the servlet mapping */
        public void setPath(String v) {
            path = v;
        }

        /** @return whether descriptors are published at start */
        public boolean isPublishOnStart() {
            return publishOnStart;
        }

        /** @param v whether descriptors are published at start */
        public void setPublishOnStart(boolean v) {
            publishOnStart = v;
        }
    }

    /** {@code panjereh.visits.*}: the portal's visitors, counted and sent to the platform (contract §6). */
    public static class Visits {
        /** Count the pages browsers open and send the counts to the platform. */
        private boolean enabled = true;
        /** A file of at least 32 bytes (Base64 or raw) from which the daily keys that hash visitors are derived. */
        private java.nio.file.Path keyFile;
        /** How often a period's counts are sent (at least one minute). */
        private Duration interval = Duration.ofHours(1);

        /** @return whether visitors are counted */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param v whether visitors are counted */
        public void setEnabled(boolean v) {
            enabled = v;
        }

        /** @return the key file, or {@code null} */
        public java.nio.file.Path getKeyFile() {
            return keyFile;
        }

        /** @param v the key file */
        public void setKeyFile(java.nio.file.Path v) {
            keyFile = v;
        }

        /** @return the interval */
        public Duration getInterval() {
            return interval;
        }

        /** @param v the interval */
        public void setInterval(Duration v) {
            interval = v;
        }
    }

    /** {@code panjereh.cards.*}: the agency's service cards as YAML files (contract §3). */
    public static class Cards {
        /** A directory of YAML service cards: each that differs from the registry's is submitted when the context starts. */
        private java.nio.file.Path dir;

        /** @return the directory, or {@code null} */
        public java.nio.file.Path getDir() {
            return dir;
        }

        /** @param v the directory */
        public void setDir(java.nio.file.Path v) {
            dir = v;
        }
    }

    /** {@code panjereh.reports.*}: monthly performance reports (contract §13). */
    public static class Reports {
        /** Send monthly reports (from the application's ReportSource bean, or else from the SDK's own tables). */
        private boolean enabled = true;
        /** Count the figures from the SDK's tables when the application declares no ReportSource bean. */
        private boolean fromSdkTables = true;
        /** How often owed months are sent. */
        private Duration interval = Duration.ofHours(1);
        /** The first month owed when the ledger is empty (Jalali yyyy-mm); by default the month before the first run. */
        private String firstMonth;

        /** @return whether reports are sent */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param v whether reports are sent */
        public void setEnabled(boolean v) {
            enabled = v;
        }

        /** @return whether the SDK's tables are counted when the application has no ReportSource */
        public boolean isFromSdkTables() {
            return fromSdkTables;
        }

        /** @param v whether the SDK's tables are counted when the application has no ReportSource */
        public void setFromSdkTables(boolean v) {
            fromSdkTables = v;
        }

        /** @return the interval */
        public Duration getInterval() {
            return interval;
        }

        /** @param v the interval */
        public void setInterval(Duration v) {
            interval = v;
        }

        /** @return the first month */
        public String getFirstMonth() {
            return firstMonth;
        }

        /** @param v the first month */
        public void setFirstMonth(String v) {
            firstMonth = v;
        }
    }

    /** {@code panjereh.survey.*}: the survey after delivery. */
    public static class Survey {
        /** How long a survey link stays valid (at most 90 days). */
        private Duration ticketLifetime = Duration.ofDays(7);

        /** @return the ticket lifetime */
        public Duration getTicketLifetime() {
            return ticketLifetime;
        }

        /** @param v the ticket lifetime */
        public void setTicketLifetime(Duration v) {
            ticketLifetime = v;
        }
    }

    /** {@code panjereh.payments.*}: fees. */
    public static class Payments {
        /** Run the payment reconciler on this node (verifies payments whose return was lost). */
        private boolean reconcile = true;
        /** How often the reconciler runs (default min(30 s, the platform's verify window / 4)). */
        private Duration reconcileInterval;

        /** @return whether this node reconciles */
        public boolean isReconcile() {
            return reconcile;
        }

        /** @param v whether this node reconciles */
        public void setReconcile(boolean v) {
            reconcile = v;
        }

        /** @return the interval, or null for the default */
        public Duration getReconcileInterval() {
            return reconcileInterval;
        }

        /** @param v the interval */
        public void setReconcileInterval(Duration v) {
            reconcileInterval = v;
        }
    }

    /** {@code panjereh.documents.*}: signed permits (contract §11). */
    public static class Documents {
        /** The document-signing key (PEM, PKCS#12 or JWK), certified by a CA the platform trusts. */
        private Path keyFile;
        /** The key's certificate chain, PEM, the agency's certificate first. */
        private Path chainFile;
        /** The CA certificates (PEM) a document of this agency must chain to, for verification. */
        private Path trustAnchorFile;
        /** The RFC 3161 time-stamp authority (signatures are then PAdES B-T). */
        private URI tsaUrl;
        /** The agency's name as printed at the top of a permit. */
        private String agencyName;
        /** Where a permit's code is verified ({@code …/verify/}); the QR code holds it with the code. */
        private URI verificationBase;

        /** @return the key file */
        public Path getKeyFile() {
            return keyFile;
        }

        /** @param v the key file */
        public void setKeyFile(Path v) {
            keyFile = v;
        }

        /** @return the chain file */
        public Path getChainFile() {
            return chainFile;
        }

        /** @param v the chain file */
        public void setChainFile(Path v) {
            chainFile = v;
        }

        /** @return the trust anchor file */
        public Path getTrustAnchorFile() {
            return trustAnchorFile;
        }

        /** @param v the trust anchor file */
        public void setTrustAnchorFile(Path v) {
            trustAnchorFile = v;
        }

        /** @return the time-stamp authority, or null */
        public URI getTsaUrl() {
            return tsaUrl;
        }

        /** @param v the time-stamp authority */
        public void setTsaUrl(URI v) {
            tsaUrl = v;
        }

        /** @return the agency's printed name */
        public String getAgencyName() {
            return agencyName;
        }

        /** @param v the agency's printed name */
        public void setAgencyName(String v) {
            agencyName = v;
        }

        /** @return the verification base URL */
        public URI getVerificationBase() {
            return verificationBase;
        }

        /** @param v the verification base URL */
        public void setVerificationBase(URI v) {
            verificationBase = v;
        }
    }

    /** {@code panjereh.health.*}: when the health indicators report trouble. */
    public static class Health {
        /** Oldest undelivered outbox record before the outbox reports DEGRADED. */
        private Duration outboxMaxAge = Duration.ofMinutes(15);

        /** @return the oldest age tolerated */
        public Duration getOutboxMaxAge() {
            return outboxMaxAge;
        }

        /** @param v the oldest age tolerated */
        public void setOutboxMaxAge(Duration v) {
            outboxMaxAge = v;
        }
    }
}
