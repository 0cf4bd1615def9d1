package org.panjereh.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformProblem;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.shared.Json;

/** Service cards from a local JSON file. */
public final class FileServiceRegistry implements ServiceRegistry {

    private final Map<ServiceId, ServiceCard> cards;

    private FileServiceRegistry(Map<ServiceId, ServiceCard> cards) {
        this.cards = cards;
    }

    /** Loads and validates every card of the file. */
    public static FileServiceRegistry load(Path file) {
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file));
            JsonNode list = root != null && root.isObject() ? root.get("services") : root;
            if (list == null || !list.isArray()) {
                throw new PanjerehConfigurationException("Service card file " + file.getFileName()
                        + " must hold an array of cards or {\"services\": [...]}");
            }
            Map<ServiceId, ServiceCard> m = new LinkedHashMap<>();
            for (JsonNode n : list) {
                ServiceCard c = Json.MAPPER.treeToValue(n, ServiceCard.class);
                m.put(c.serviceId(), c);
            }
            return new FileServiceRegistry(Map.copyOf(m));
        } catch (IOException | RuntimeException e) {
            if (e instanceof PanjerehConfigurationException pce) {
                throw pce;
            }
            throw new PanjerehConfigurationException("Cannot load service cards from " + file.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public ServiceCard card(ServiceId serviceId) {
        ServiceCard c = cards.get(serviceId);
        if (c == null) {
            throw new PlatformException(new PlatformProblem(null, "Service not found", 404,
                    "No card for service " + serviceId + " in the local file", "registry.service_unknown", null, Map.of()));
        }
        return c;
    }

    @Override
    public List<ServiceCard> cards(String agencyId) {
        List<ServiceCard> out = new ArrayList<>();
        for (ServiceCard c : cards.values()) {
            if (c.agencyId().equals(agencyId)) {
                out.add(c);
            }
        }
        out.sort((a, b) -> a.serviceId().compareTo(b.serviceId()));
        return List.copyOf(out);
    }
}
