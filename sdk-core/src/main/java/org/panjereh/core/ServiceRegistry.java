package org.panjereh.core;

import java.nio.file.Path;
import java.util.List;
import org.panjereh.core.internal.FileServiceRegistry;
import org.panjereh.core.internal.RemoteServiceRegistry;

/**
 * Where service cards come from: the platform's registry (contract section 3), cached with ETags, or
 * a local JSON file for offline development.
 *
 * <pre>{@code
 * ServiceRegistry registry = ServiceRegistry.remote(platform);
 * ServiceCard card = registry.card(ServiceId.of("10101234567"));
 * }</pre>
 */
public interface ServiceRegistry {

    /**
     * One card.
     *
     * @param serviceId the service
     * @return its card
     * @throws PlatformException with status 404 when there is no such service
     */
    ServiceCard card(ServiceId serviceId);

    /**
     * Every card of an agency.
     *
     * @param agencyId the agency
     * @return its cards, possibly none
     */
    List<ServiceCard> cards(String agencyId);

    /**
     * The platform's registry, with conditional requests ({@code If-None-Match}) and
     * {@code Cache-Control: max-age} honoured.
     *
     * @param client the platform client
     * @return the registry
     */
    static ServiceRegistry remote(PlatformClient client) {
        return new RemoteServiceRegistry(client);
    }

    /**
     * Cards from a JSON file: an array of cards, or an object with a {@code services} array.
     *
     * @param file the file
     * @return the registry
     * @throws PanjerehConfigurationException if the file cannot be read or is not valid
     */
    static ServiceRegistry fromFile(Path file) {
        return FileServiceRegistry.load(file);
    }
}
