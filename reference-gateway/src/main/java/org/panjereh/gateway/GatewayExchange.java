package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.panjereh.inquiry.ExchangeProvider;
import org.panjereh.inquiry.ExchangeProviderResource;

/**
 * sdk-inquiry's provider endpoint at {@code /exchange/{service}}: where the national exchange forwards calls. With the
 * demo violations {@code provider-no-auth} (a call the exchange did not sign is answered anyway) and
 * {@code provider-unsigned} (answers go out without {@code X-Provider-Signature}) it breaks the kit's provider rules.
 */
@Singleton
@Path("/exchange")
public class GatewayExchange extends ExchangeProviderResource {

    private final PermitExchange permits;
    private final Violations violations;

    /**
     * @param permits    the gateway's provided services
     * @param violations the demo violations
     */
    @Inject
    public GatewayExchange(PermitExchange permits, Violations violations) {
        super(permits.provider());
        this.permits = permits;
        this.violations = violations;
    }

    @Override
    public Response call(String service, HttpHeaders headers, InputStream body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(ExchangeProvider.MAX_BODY + 1);
        Response r = super.call(service, headers, new ByteArrayInputStream(bytes));
        if (violations.has("provider-no-auth") && r.getStatus() == 401) {
            return permits.answerWithoutChecks(bytes);
        }
        if (violations.has("provider-unsigned") && r.getHeaders().containsKey("X-Provider-Signature")) {
            Response.ResponseBuilder b = Response.status(r.getStatus()).entity(r.getEntity());
            r.getHeaders().forEach((k, v) -> {
                if (!k.equalsIgnoreCase("X-Provider-Signature")) {
                    v.forEach(x -> b.header(k, x));
                }
            });
            return b.build();
        }
        return r;
    }
}
