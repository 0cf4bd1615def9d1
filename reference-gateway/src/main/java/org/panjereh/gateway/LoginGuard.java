package org.panjereh.gateway;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.net.URI;
import org.panjereh.core.InvalidIdentifierException;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.ServiceId;
import org.panjereh.sso.NationalLoginRequestFilter;
import org.panjereh.sso.SessionStore;

/**
 * Puts sdk-sso's Jakarta REST filter in front of every resource. Quarkus REST serves resources outside the
 * servlet layer, so a servlet filter would never run here (../shared/notes/runtime-trial.md). Not
 * {@code @PreMatching}: Quarkus runs pre-matching filters on the I/O thread, where the guard may not read a
 * form, query the session table or call the platform; after matching, the blocking application runs it on a
 * worker ({@link SsoPaths} gives the guard's own paths something to match). Sessions live in the gateway's
 * database, so every node sees them.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class LoginGuard implements ContainerRequestFilter {

    private volatile NationalLoginRequestFilter delegate;
    private final Platform platform;
    private final Store store;
    private volatile SessionStore sessions;
    private final Violations violations;

    /**
     * @param platform the platform
     * @param store    the database holding the sessions
     */
    @Inject
    public LoginGuard(Platform platform, Store store, Violations violations) {
        this.platform = platform;
        this.violations = violations;
        this.store = store;
    }

    /** Made at the first request, not with the filter: the platform may still be starting (GatewayStart). */
    private NationalLoginRequestFilter delegate() {
        NationalLoginRequestFilter d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    sessions = SessionStore.jdbc(store.dataSource());
                    d = NationalLoginRequestFilter.builder(platform.login(), sessions, platform.backChannel())
                            .protect("/my", "/apply", "/staff").requiredLevel(this::levelFor)
                            .postLogoutRedirect(URI.create(platform.base() + "/")).build();
                    delegate = d;
                }
            }
        }
        return d;
    }

    /**
     * The level a path needs: a service's form needs its card's level (step-up), the staff console LOA2. A person the
     * card does not admit is asked for no step-up: the form's own refusal says why, in Persian, rather than a login
     * they could not complete (a foreign national's login reaches level 1 only).
     */
    private LevelOfAssurance levelFor(String path, org.panjereh.sso.Citizen who) {
        if (path.startsWith("/staff")) {
            return LevelOfAssurance.LOA2;
        }
        if (path.startsWith("/apply/")) {
            try {
                org.panjereh.core.ServiceCard card = platform.registry().card(ServiceId.of(path.substring("/apply/".length())));
                return who != null && !card.admits(who.applicantKind()) ? LevelOfAssurance.LOA1 : card.authLevel();
            } catch (InvalidIdentifierException e) {
                return LevelOfAssurance.LOA1; // the form answers 404
            } catch (PanjerehException e) {
                return LevelOfAssurance.LOA3; // the card cannot be read: ask for the most, never the least
            }
        }
        return LevelOfAssurance.LOA1;
    }

    @Override
    public void filter(ContainerRequestContext ctx) throws IOException {
        String path = ctx.getUriInfo().getPath();
        if (violations.has("local-login") && path.equals("/login")) {
            ctx.abortWith(DemoViolations.localLoginPage());
            return;
        }
        if (violations.has("ignore-backchannel-logout") && path.equals("/backchannel-logout")) {
            ctx.abortWith(jakarta.ws.rs.core.Response.ok("{}", "application/json").build());
            return;
        }
        if (violations.has("ignore-token-errors") && path.equals("/callback")) {
            delegate().filter(DemoViolations.sessionDespiteRefusal(ctx, sessions, platform.login().issuer()));
            return;
        }
        delegate().filter(ctx);
    }
}
