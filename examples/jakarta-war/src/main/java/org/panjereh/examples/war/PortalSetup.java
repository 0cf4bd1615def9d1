package org.panjereh.examples.war;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformSettings;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.sso.BackChannelLogout;
import org.panjereh.sso.NationalLogin;
import org.panjereh.sso.NationalLoginFilter;
import org.panjereh.sso.SessionStore;
import org.panjereh.sso.SsoSettings;
import org.panjereh.survey.SurveyResponseCourier;
import org.panjereh.survey.SurveyService;
import org.panjereh.survey.SurveyServlet;
import org.panjereh.survey.SurveyTickets;

/**
 * Puts Panjereh in front of a plain web application at deployment: the national login filter on every path
 * ({@code /my} needs a login), and the survey servlet at {@code /survey}. Settings are the SDK's {@code panjereh.*}
 * keys (docs/live-platform.md), looked up in the context's init parameters, then the JVM's system properties
 * ({@code CATALINA_OPTS="-Dpanjereh.platform.issuer=…"}), then the environment ({@code PANJEREH_PLATFORM_ISSUER});
 * {@code panjereh.war.data-dir} names where the event outbox is kept.
 */
public class PortalSetup implements ServletContextListener {

    /** The context attribute holding the relying party, for pages that show the account link. */
    public static final String LOGIN = PortalSetup.class.getName() + ".LOGIN";

    private PlatformDiscovery discovery;
    private Outbox outbox;
    private ServiceEventPublisher events;

    /** Created by the container. */
    public PortalSetup() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext ctx = event.getServletContext();
        PlatformSettings env = PlatformSettings.fromEnvironment();
        PlatformSettings settings = PlatformSettings.from(k -> Optional.ofNullable(ctx.getInitParameter(k))
                .or(() -> Optional.ofNullable(System.getProperty(k))).or(() -> env.value(k)));
        discovery = settings.discovery();
        AgencyCredentials credentials = settings.credentials();
        NationalLogin login = SsoSettings.loginBuilder(settings, discovery, credentials).build();
        URI callback = settings.uri(SsoSettings.REDIRECT_URI).orElseThrow();
        NationalLoginFilter filter = NationalLoginFilter.builder(login, SessionStore.inMemory(),
                        BackChannelLogout.builder(discovery, credentials).build())
                .protect("/my")
                .requiredLevel(path -> LevelOfAssurance.LOA2)
                .postLogoutRedirect(callback.resolve(ctx.getContextPath() + "/"))
                .build();
        ctx.addFilter("national-login", filter).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        ctx.setAttribute(LOGIN, login);

        PlatformClient client = PlatformClient.builder(discovery, credentials).build();
        Path data = Path.of(settings.value("panjereh.war.data-dir").orElse(System.getProperty("java.io.tmpdir") + "/panjereh-war"));
        outbox = Outbox.fileJournal(data.resolve("outbox"));
        events = ServiceEventPublisher.builder(client, outbox).courier(new SurveyResponseCourier()).build();
        SurveyTickets tickets = SurveyTickets.builder(credentials.signingKey()).build();
        ctx.addServlet("survey", SurveyServlet.builder(SurveyService.builder(client, events, tickets).build(), tickets).build())
                .addMapping("/survey", "/survey/*");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (events != null) {
            events.close();
        }
        if (outbox != null) {
            try {
                outbox.close();
            } catch (Exception e) {
                event.getServletContext().log("Closing the outbox failed", e);
            }
        }
        if (discovery != null) {
            discovery.close();
        }
    }
}
