package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.panjereh.core.shared.Json;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.SandboxConfig;

/** The running sandbox: one Jetty server, one router, the platform's state. */
public final class Sandbox implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sandbox.class);

    final SandboxConfig config;
    final Clock clock;
    final Store store;
    final Keys keys;
    final Agencies agencies;
    final Recorder recorder = new Recorder();
    final Faults faults;
    final Idempotency idempotency;
    final Catalog catalog = new Catalog();
    final Cards cards;
    final ExchangeHub exchangeHub;
    /** The public pages; the login page asks them how a representative's powers read. */
    Pages pages;
    final Tracking tracking;
    final Events events;
    final TestAuthority authority;
    MachineAuth auth;
    private final Oidc oidc;
    private final Router router = new Router();
    private final Server server;
    private final ServerConnector connector;
    private String issuer;

    /**
     * Starts a sandbox.
     *
     * @param config configuration
     * @return the running sandbox
     * @throws IOException if the port cannot be bound or a file cannot be read
     */
    public static Sandbox start(SandboxConfig config) throws IOException {
        Sandbox s = new Sandbox(config);
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw new IOException("Cannot start the sandbox on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        s.issuer = config.issuer() != null ? config.issuer().toString().replaceAll("/+$", "")
                : "http://" + hostForUrl(config.host()) + ":" + s.connector.getLocalPort();
        s.auth = new MachineAuth(s);
        LOG.info("National sandbox listening on {} (issuer {})", s.connector.getLocalPort(), s.issuer);
        return s;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    private Sandbox(SandboxConfig config) throws IOException {
        this.config = config;
        this.clock = config.clock();
        this.store = new Store(config.dataDir());
        this.keys = new Keys(store);
        this.agencies = new Agencies(store);
        this.faults = new Faults(config.seed(), clock);
        this.idempotency = new Idempotency(clock, store);
        this.cards = new Cards(this, catalog.shippedCards);
        this.tracking = new Tracking(this);
        this.exchangeHub = new ExchangeHub(this);
        this.events = new Events(this);
        this.authority = new TestAuthority(this);
        for (AgencyRegistration a : config.agencies()) {
            agencies.register(a);
        }
        if (config.agenciesFile() != null) {
            JsonNode list = Json.MAPPER.readTree(Files.readAllBytes(config.agenciesFile()));
            JsonNode arr = list.isObject() ? list.get("agencies") : list;
            if (arr == null || !arr.isArray()) {
                throw new IOException("Agencies file must hold an array or {\"agencies\": [...]}");
            }
            for (JsonNode n : arr) {
                agencies.register(Agencies.parse(n));
            }
        }
        if (config.faultsFile() != null) {
            JsonNode rules = Json.MAPPER.readTree(Files.readAllBytes(config.faultsFile()));
            if (rules == null || !rules.isObject()) {
                throw new IOException("Faults file must hold {\"endpoint\": {rule}, ...}");
            }
            for (Map.Entry<String, JsonNode> e : rules.properties()) {
                try {
                    faults.set(e.getKey(), Faults.Rule.parse(e.getValue()));
                } catch (Problem p) {
                    throw new IOException("Fault rule for " + e.getKey() + ": " + p.getMessage(), p);
                }
            }
        }
        oidc = new Oidc(this);
        oidc.routes(router);
        new Registry(this).routes(router);
        tracking.routes(router);
        events.routes(router);
        new Survey(this).routes(router);
        exchangeHub.routes(router);
        new ExchangeApi(this).routes(router);
        new MessageBox(this).routes(router);
        new PaymentPlatform(this).routes(router);
        new Reports(this).routes(router);
        authority.routes(router);
        new Admin(this).routes(router);
        pages = new Pages(this);
        pages.routes(router);

        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("sandbox");
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setReuseAddress(true);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                dispatch(new Call(request, response, callback));
                return true;
            }
        });
        server.setStopTimeout(0);
    }

    /** The issuer, e.g. {@code http://127.0.0.1:8089}. */
    public String issuer() {
        return issuer;
    }

    /** The configuration it started with. */
    public SandboxConfig config() {
        return config;
    }

    boolean liveLike() {
        return config.profile() == SandboxConfig.Profile.LIVE_LIKE;
    }

    boolean fapi2() {
        return config.profile() == SandboxConfig.Profile.FAPI2;
    }

    /** The path of an OpenID endpoint in this profile. */
    String oidcPath(String name) {
        if (!liveLike()) {
            return "/" + name;
        }
        return switch (name) {
            case "authorize" -> "/oauth2/authorize";
            case "token" -> "/oauth2/token";
            case "jwks" -> "/oauth2/jwks";
            case "userinfo" -> "/api/v1/user/userinfo";
            default -> "/" + name;
        };
    }

    /** Absolute URL of a path on this sandbox. */
    public String url(String path) {
        return issuer + path;
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Registers an agency while running. */
    public void register(AgencyRegistration r) {
        agencies.register(r);
    }

    /** The test certificate authority's root. */
    public java.security.cert.X509Certificate caRoot() {
        return authority.root();
    }

    /**
     * @param key        an agency's public key
     * @param commonName the certificate's CN
     * @return a document-signing certificate chain from the test CA, the agency's certificate first
     */
    public java.util.List<java.security.cert.X509Certificate> issueCertificate(java.security.PublicKey key, String commonName) {
        return authority.issue(key, commonName);
    }

    /** Number of distinct events accepted so far. */
    public int acceptedEvents() {
        return events.acceptedCount();
    }

    private void dispatch(Call call) {
        String endpoint = "unknown";
        String route = "unknown";
        try {
            Router.Match m = router.match(call.method, call.path);
            if (m == null) {
                throw Problem.notFound("request.unknown_endpoint", "No endpoint " + call.path);
            }
            call.pathVars = m.vars();
            route = m.route().name();
            endpoint = expand(route, m.vars());
            if (!endpoint.startsWith("admin")) {
                Faults.Action action = faults.apply(endpoint);
                if (action == Faults.Action.DROP) {
                    drop(call);
                    return;
                }
                call.loseAnswer = action == Faults.Action.DROP_RESPONSE;
                call.signWithWrongKey = faults.wrongKey(endpoint);
            }
            m.route().handler().handle(call);
            if (!call.done) {
                throw new IllegalStateException("Handler of " + endpoint + " sent no answer");
            }
        } catch (Problem p) {
            call.problem(p);
        } catch (OAuthProblem p) {
            p.headers.forEach(call::header);
            call.header("Cache-Control", "no-store");
            call.send(p.status, "application/json", p.error.toJSONObject().toJSONString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.problem(new Problem(503, "platform.unavailable", "The sandbox is stopping"));
        } catch (Exception e) {
            LOG.error("Unexpected failure in {} ({}): {}", endpoint, call.requestId, e.toString(), e);
            call.problem(new Problem(500, "platform.internal_error", "Unexpected failure; see the sandbox log for "
                    + call.requestId));
        } finally {
            if (!endpoint.startsWith("admin") && !endpoint.startsWith("pages")) {
                Map<String, Object> rec = new java.util.LinkedHashMap<>();
                rec.put("method", call.method);
                rec.put("path", call.path);
                rec.put("endpoint", endpoint);
                rec.put("status", call.sentStatus);
                rec.put("requestId", call.requestId);
                rec.put("headers", call.headerMap());
                recorder.record("request", clock.instant(), call.agency == null ? null : call.agency.id(), rec);
            }
            String traceId = traceId(call.header("traceparent"));
            if (traceId != null) {
                // What an operator correlates across the agency and the platform: one line per traced call.
                LOG.info("{} {} {} request {} trace {}", call.method, route, call.sentStatus, call.requestId, traceId);
            }
        }
    }

    private static final java.util.regex.Pattern TRACEPARENT =
            java.util.regex.Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    /** The trace id of a W3C {@code traceparent} header, or {@code null} when it is absent or malformed. */
    static String traceId(String traceparent) {
        if (traceparent == null || traceparent.length() > 128) {
            return null;
        }
        java.util.regex.Matcher m = TRACEPARENT.matcher(traceparent.trim());
        return m.matches() && !m.group(1).equals("0".repeat(32)) ? m.group(1) : null;
    }

    private static String expand(String name, Map<String, String> vars) {
        String n = name;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            n = n.replace("{" + e.getKey() + "}", e.getValue());
        }
        return n;
    }

    private static void drop(Call call) {
        call.done = true;
        call.request.getConnectionMetaData().getConnection().getEndPoint().close();
        call.callback.succeeded();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Sandbox did not stop cleanly: {}", e.toString());
        }
        if (auth != null) {
            auth.close();
        }
        oidc.close();
        store.close();
    }

    URI issuerUri() {
        return URI.create(issuer);
    }
}
