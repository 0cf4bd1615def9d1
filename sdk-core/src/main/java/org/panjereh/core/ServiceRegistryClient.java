package org.panjereh.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.panjereh.core.shared.Json;

/**
 * The write side of the national service registry (contract section 3): ask for a new service id, submit a
 * whole card with the version read ({@code If-Match}), read a card with its version, and read its history.
 * A change that conflicts with another is a {@link ServiceCardException} ({@code VERSION_CONFLICT}), never a
 * silent overwrite; a card the registry finds incomplete names every member.
 *
 * <pre>{@code
 * ServiceRegistryClient registry = ServiceRegistryClient.builder(platform).build();
 * ServiceRegistryClient.Versioned current = registry.read(ServiceId.of("10101234567"));
 * ServiceRegistryClient.Submission s = registry.submit(changedCard, current.etag());
 * }</pre>
 */
public final class ServiceRegistryClient {

    /**
     * A card with the version the registry holds.
     *
     * @param card the card
     * @param etag the registry's ETag of it, sent as {@code If-Match} with a change
     */
    public record Versioned(ServiceCard card, String etag) {
    }

    /**
     * What the registry made of a submitted card.
     *
     * @param serviceId the service
     * @param version   the new version
     * @param etag      its ETag, for the next change
     * @param status    pending or approved
     */
    public record Submission(ServiceId serviceId, int version, String etag, ServiceCard.Status status) {
    }

    /**
     * One version in a card's history.
     *
     * @param version     the version
     * @param status      its status
     * @param submittedAt when it was submitted
     * @param approvedAt  when it was approved, or {@code null}
     * @param card        the card as submitted
     */
    public record HistoryEntry(int version, ServiceCard.Status status, Instant submittedAt, Instant approvedAt,
                               ServiceCard card) {
    }

    private final PlatformClient platform;

    private ServiceRegistryClient(PlatformClient platform) {
        this.platform = platform;
    }

    /**
     * @param platform the agency's platform client (scope {@code services})
     * @return a builder
     */
    public static Builder builder(PlatformClient platform) {
        return new Builder(platform);
    }

    /**
     * @param serviceId a service
     * @return its card as the registry holds it, with its version
     * @throws PlatformException {@code 404 registry.service_unknown} when there is none
     */
    public Versioned read(ServiceId serviceId) {
        PlatformResponse r = platform.get(uri("/services/" + serviceId.value()), RequestOptions.none());
        return new Versioned(r.json(ServiceCard.class), r.header("ETag").orElse(null));
    }

    /**
     * Asks for a new service id; the service has no card until {@link #submit} sends its first.
     *
     * @param options carry an idempotency key to make a retry after a lost answer return the same id
     * @return the new id
     */
    public ServiceId newServiceId(RequestOptions options) {
        JsonNode n = platform.postJson(uri("/services"), Map.of(), options).json(JsonNode.class);
        return ServiceId.of(n.path("serviceId").asText());
    }

    /**
     * Submits a whole card.
     *
     * @param card    the card; check it first with {@link ServiceCardValidator}
     * @param version the ETag of the version the change was made from, or {@code null} for a new service's first card
     * @return the registry's new version
     * @throws ServiceCardException {@code VERSION_CONFLICT} when another change came first, {@code INCOMPLETE} with
     *                              every member the registry named
     */
    public Submission submit(ServiceCard card, String version) {
        Objects.requireNonNull(card, "card");
        RequestOptions precondition = version == null ? RequestOptions.builder().header("If-None-Match", "*").build()
                : RequestOptions.builder().header("If-Match", version).build();
        try {
            PlatformResponse r = platform.put(uri("/services/" + card.serviceId().value()), Json.write(card),
                    "application/json", precondition);
            JsonNode n = r.json(JsonNode.class);
            return new Submission(card.serviceId(), n.path("version").asInt(), r.header("ETag").orElse(null),
                    ServiceCard.Status.fromWire(n.path("status").asText("approved")));
        } catch (PlatformException e) {
            throw switch (e.statusCode()) {
                case 412 -> new ServiceCardException(ServiceCardException.Reason.VERSION_CONFLICT, "Card "
                        + card.serviceId().value() + " changed at the registry since version " + version, List.of(), e);
                case 428 -> new ServiceCardException(ServiceCardException.Reason.PRECONDITION_REQUIRED, "The registry wants "
                        + "the version read", List.of(), e);
                case 422 -> new ServiceCardException(ServiceCardException.Reason.INCOMPLETE, "The registry refused card "
                        + card.serviceId().value() + ": " + e.code(), problems(e), e);
                default -> e;
            };
        }
    }

    /**
     * @param serviceId a service
     * @return every version of its card, newest first
     */
    public List<HistoryEntry> history(ServiceId serviceId) {
        JsonNode n = platform.get(uri("/services/" + serviceId.value() + "/history"), RequestOptions.none()).json(JsonNode.class);
        List<HistoryEntry> out = new ArrayList<>();
        for (JsonNode v : n.path("versions")) {
            try {
                out.add(new HistoryEntry(v.path("version").asInt(), ServiceCard.Status.fromWire(v.path("status").asText()),
                        Instant.parse(v.path("submittedAt").asText()),
                        v.hasNonNull("approvedAt") ? Instant.parse(v.get("approvedAt").asText()) : null,
                        Json.MAPPER.treeToValue(v.get("card"), ServiceCard.class)));
            } catch (RuntimeException | java.io.IOException e) {
                throw new InvalidPlatformResponseException("A version in the history of " + serviceId.value()
                        + " is not a card", 200, e);
            }
        }
        return List.copyOf(out);
    }

    private static List<ServiceCardValidator.Problem> problems(PlatformException e) {
        Object errors = e.problem().extensions().get("errors");
        List<ServiceCardValidator.Problem> out = new ArrayList<>();
        if (errors != null) {
            for (Map<String, Object> m : Json.MAPPER.convertValue(errors, new TypeReference<List<Map<String, Object>>>() { })) {
                out.add(new ServiceCardValidator.Problem(String.valueOf(m.get("member")), String.valueOf(m.get("detail"))));
            }
        }
        return out;
    }

    private URI uri(String path) {
        return URI.create(platform.metadata().serviceRegistryEndpoint().toString().replaceAll("/+$", "") + path);
    }

    /** Builder of {@link ServiceRegistryClient}. */
    public static final class Builder {
        private final PlatformClient platform;

        private Builder(PlatformClient platform) {
            this.platform = platform;
        }

        /**
         * @return the client
         * @throws PanjerehConfigurationException without a platform client
         */
        public ServiceRegistryClient build() {
            if (platform == null) {
                throw new PanjerehConfigurationException("ServiceRegistryClient needs a platform client");
            }
            return new ServiceRegistryClient(platform);
        }
    }
}
