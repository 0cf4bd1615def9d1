package org.panjereh.benchmarks.bare;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The anchor's one resource: the first answer the start measurement waits for. */
@Path("/")
public class Hello {

    /** @return a fixed line */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "bare";
    }
}
