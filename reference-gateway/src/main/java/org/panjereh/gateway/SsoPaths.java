package org.panjereh.gateway;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/**
 * The login guard's own paths. The guard answers them before any of these methods runs; they exist so
 * that the paths match a resource, which is what lets the guard run after matching, on a worker thread.
 */
@Path("/")
public class SsoPaths {

    /** Never reached: the guard redirects to the national SSO. */
    @GET
    @Path("login")
    public void login() {
        throw new NotFoundException();
    }

    /** Never reached: the guard finishes the login. */
    @GET
    @Path("callback")
    public void callback() {
        throw new NotFoundException();
    }

    /** Never reached: the guard ends the session. */
    @GET
    @Path("logout")
    public void logout() {
        throw new NotFoundException();
    }

    /** Never reached: the guard validates the platform's logout token. */
    @POST
    @Path("backchannel-logout")
    public void backChannelLogout() {
        throw new NotFoundException();
    }
}
