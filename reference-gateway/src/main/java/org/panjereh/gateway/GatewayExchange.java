package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;
import org.panjereh.inquiry.ExchangeProviderResource;

/** sdk-inquiry's provider endpoint at {@code /exchange/{service}}: where the national exchange forwards calls. */
@Singleton
@Path("/exchange")
public class GatewayExchange extends ExchangeProviderResource {

    /** @param permits the gateway's provided services */
    @Inject
    public GatewayExchange(PermitExchange permits) {
        super(permits.provider());
    }
}
