package org.panjereh.gateway;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.net.URI;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.sso.NationalLoginRequestFilter;
import org.panjereh.sso.SessionStore;

/**
 * Puts sdk-sso's Jakarta REST filter in front of every resource. Quarkus REST serves resources outside the
 * servlet layer, so a servlet filter would never run here (../shared/notes/runtime-trial.md).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class LoginGuard implements ContainerRequestFilter {

    private final NationalLoginRequestFilter delegate;

    /** @param platform the platform */
    @Inject
    public LoginGuard(Platform platform) {
        delegate = NationalLoginRequestFilter.builder(platform.login(), SessionStore.inMemory(), platform.backChannel())
                .protect("/my").requiredLevel(path -> LevelOfAssurance.LOA2)
                .postLogoutRedirect(URI.create(platform.base() + "/")).build();
    }

    @Override
    public void filter(ContainerRequestContext ctx) throws IOException {
        delegate.filter(ctx);
    }
}
