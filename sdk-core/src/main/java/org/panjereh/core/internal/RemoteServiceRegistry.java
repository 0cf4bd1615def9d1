package org.panjereh.core.internal;

import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.panjereh.core.InvalidPlatformResponseException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.shared.Json;

/** The platform's registry with an ETag and max-age cache. */
public final class RemoteServiceRegistry implements ServiceRegistry {

    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d{1,9})");
    private static final JavaType CARD_LIST = Json.MAPPER.getTypeFactory().constructCollectionType(List.class,
            ServiceCard.class);

    /** What an answer parsed to, its ETag and how long it is fresh: cards are immutable, so one parse serves every read. */
    private record Entry(String etag, Instant freshUntil, Object parsed) {
    }

    private final PlatformClient client;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    /** @param client platform client */
    public RemoteServiceRegistry(PlatformClient client) {
        this.client = client;
    }

    @Override
    public ServiceCard card(ServiceId serviceId) {
        return fetch("/services/" + serviceId.value(), body -> Json.read(body, ServiceCard.class, 200));
    }

    @Override
    public List<ServiceCard> cards(String agencyId) {
        return fetch("/services?agencyId=" + URLEncoder.encode(agencyId, StandardCharsets.UTF_8), body -> {
            try {
                List<ServiceCard> l = Json.MAPPER.readValue(body, CARD_LIST);
                return List.copyOf(l == null ? new ArrayList<>() : l);
            } catch (IOException e) {
                throw new InvalidPlatformResponseException("Service list is not a JSON array of cards", 200, e);
            }
        });
    }

    @SuppressWarnings("unchecked") // one path, one parser: what is cached under a path is what its parser returns
    private <T> T fetch(String path, Function<byte[], T> parser) {
        Instant now = client.clock().instant();
        Entry e = cache.get(path);
        if (e != null && now.isBefore(e.freshUntil())) {
            return (T) e.parsed();
        }
        URI uri = URI.create(client.metadata().serviceRegistryEndpoint().toString().replaceAll("/+$", "") + path);
        RequestOptions opts = e != null && e.etag() != null
                ? RequestOptions.builder().header("If-None-Match", e.etag()).build() : RequestOptions.none();
        PlatformResponse r = client.get(uri, opts);
        Instant fresh = now.plus(maxAge(r.header("cache-control").orElse(null)));
        if (r.statusCode() == 304 && e != null) {
            cache.put(path, new Entry(e.etag(), fresh, e.parsed()));
            return (T) e.parsed();
        }
        // Parsed before it is kept: an answer that is not a card is refused now and not served from the cache later.
        T parsed = parser.apply(r.body());
        cache.put(path, new Entry(r.header("etag").orElse(null), fresh, parsed));
        return parsed;
    }

    private static Duration maxAge(String cacheControl) {
        if (cacheControl == null || cacheControl.contains("no-cache") || cacheControl.contains("no-store")) {
            return Duration.ZERO;
        }
        Matcher m = MAX_AGE.matcher(cacheControl);
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : Duration.ZERO;
    }
}
