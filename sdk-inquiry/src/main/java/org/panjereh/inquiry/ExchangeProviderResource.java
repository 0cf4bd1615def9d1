package org.panjereh.inquiry;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves an {@link ExchangeProvider} as a Jakarta REST resource at {@code /exchange/{service}}, for runtimes without
 * servlets in front of REST (such as Quarkus REST): the same checks and answers as {@link ExchangeProviderServlet}.
 * A CDI or Spring application subclasses it to make it a bean of its own; otherwise register
 * {@code new ExchangeProviderResource(provider)} with the application.
 */
@Path("/exchange")
public class ExchangeProviderResource {

    private static final String[] HEADERS = {"authorization", "x-client-agency", "x-purpose", "x-tracking-id", "x-user-ref",
        "x-request-id"};

    private final ExchangeProvider provider;

    /** @param provider the provider to serve */
    public ExchangeProviderResource(ExchangeProvider provider) {
        this.provider = provider;
    }

    /**
     * One call forwarded by the exchange.
     *
     * @param service the service name
     * @param headers the request's headers
     * @param body    the body, read up to 64 KiB
     * @return the provider's answer or refusal
     * @throws IOException if the body cannot be read
     */
    @POST
    @Path("{service}")
    public Response call(@PathParam("service") String service, @Context HttpHeaders headers, InputStream body) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        for (String name : HEADERS) {
            String v = headers.getHeaderString(name);
            if (v != null) {
                h.put(name, v);
            }
        }
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(ExchangeProvider.MAX_BODY + 1);
        boolean tooLarge = bytes.length > ExchangeProvider.MAX_BODY || headers.getLength() > ExchangeProvider.MAX_BODY;
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        ExchangeProvider.Outgoing out = provider.handle(new ExchangeProvider.Incoming(service, type, h,
                tooLarge ? new byte[0] : bytes, tooLarge));
        Response.ResponseBuilder r = Response.status(out.status()).entity(out.body());
        out.headers().forEach(r::header);
        return r.build();
    }
}
