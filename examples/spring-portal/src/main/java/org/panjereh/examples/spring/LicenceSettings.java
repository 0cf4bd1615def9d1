package org.panjereh.examples.spring;

import java.net.URI;
import org.panjereh.core.ServiceId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The service this portal offers and where it is seen from outside. */
@Component
public class LicenceSettings {

    private final ServiceId serviceId;
    private final URI baseUrl;

    /**
     * @param serviceId {@code portal.service-id}
     * @param baseUrl   {@code portal.base-url}, the address citizens use
     */
    public LicenceSettings(@Value("${portal.service-id:30301000001}") String serviceId,
                           @Value("${portal.base-url:http://127.0.0.1:8080}") String baseUrl) {
        this.serviceId = ServiceId.of(serviceId);
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    }

    /** @return the service */
    public ServiceId serviceId() {
        return serviceId;
    }

    /** @return the portal's public address, without a trailing slash */
    public URI baseUrl() {
        return baseUrl;
    }
}
