package org.panjereh.examples;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.sso.BackChannelLogout;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.NationalLogin;
import org.panjereh.sso.NationalLoginFilter;
import org.panjereh.sso.SessionStore;

/**
 * sdk-sso: a plain servlet app whose {@code /my} pages are reachable only through the national SSO.
 * Run it and open the printed URL; the sandbox's login page lists the test citizens.
 */
public final class SsoServletExample {

    private SsoServletExample() {
    }

    /** The protected page: who is logged in, and the link to the platform's account page. */
    static final class MyPage extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient NationalLogin sso;

        MyPage(NationalLogin sso) {
            this.sso = sso;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            Citizen c = (Citizen) req.getAttribute(NationalLoginFilter.CITIZEN);
            res.setContentType("text/html; charset=utf-8");
            String account = sso.accountUrl().map(URI::toString).orElse("#");
            res.getWriter().write("<!doctype html><html lang=\"fa\" dir=\"rtl\"><meta charset=\"utf-8\"><title>پیشخوان</title>"
                    + "<h1>خوش آمدید</h1><p>" + (c == null ? "مهمان" : escape(c.displayName()) + " — سطح " + c.acr().acr())
                    + "</p><p><a href=\"" + escape(account) + "\">انتقال به پنجره ملی</a> · <a href=\"/logout\">خروج</a></p></html>");
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }

    /**
     * Starts the portal on a port (0 for any).
     *
     * @param demo the platform
     * @param port the port
     * @return the running server
     * @throws Exception if Jetty cannot start
     */
    static Server start(Demo demo, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.start();
        int bound = connector.getLocalPort();
        String base = "http://127.0.0.1:" + bound;
        server.stop();
        connector.setPort(bound);
        demo.registerPortal(URI.create(base + "/callback"), URI.create(base + "/backchannel-logout"));
        NationalLogin sso = NationalLogin.builder(demo.discovery, demo.credentials, URI.create(base + "/callback")).build();
        NationalLoginFilter filter = NationalLoginFilter.builder(sso, SessionStore.inMemory(),
                        BackChannelLogout.builder(demo.discovery, demo.credentials).build())
                .protect("/my").requiredLevel(path -> LevelOfAssurance.LOA2).postLogoutRedirect(URI.create(base + "/")).build();
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        ctx.addServlet(new ServletHolder(new MyPage(sso)), "/*");
        server.setHandler(ctx);
        server.start();
        return server;
    }

    /**
     * Runs the portal until interrupted.
     *
     * @param args optional port
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        try (Demo demo = new Demo()) {
            Server server = start(demo, args.length > 0 ? Integer.parseInt(args[0]) : 8081);
            System.out.println("Portal at " + server.getURI() + "my — log in through the national SSO");
            server.join();
        }
    }
}
