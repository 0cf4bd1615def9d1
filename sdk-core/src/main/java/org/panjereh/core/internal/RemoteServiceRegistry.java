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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.panjereh.core.InvalidPlatformResponseException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.core.ServiceRegistry;

/** The platform's registry with an ETag and max-age cache. */
public final class RemoteServiceRegistry implements ServiceRegistry {

    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d{1,9})");
    private static final JavaType CARD_LIST = Json.MAPPER.getTypeFactory().constructCollectionType(List.class,
            ServiceCard.class);

    private record Entry(String etag, byte[] body, Instant freshUntil) {
    }

    private final PlatformClient client;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    /** @param client platform client */
    public RemoteServiceRegistry(PlatformClient client) {
        this.client = client;
    }

    @Override
    public ServiceCard card(ServiceId serviceId) {
        return Json.read(fetch("/services/" + serviceId.value()), ServiceCard.class, 200);
    }

    @Override
    public List<ServiceCard> cards(String agencyId) {
        byte[] body = fetch("/services?agencyId=" + URLEncoder.encode(agencyId, StandardCharsets.UTF_8));
        try {
            List<ServiceCard> l = Json.MAPPER.readValue(body, CARD_LIST);
            return List.copyOf(l == null ? new ArrayList<>() : l);
        } catch (IOException e) {
            throw new InvalidPlatformResponseException("Service list is not a JSON array of cards", 200, e);
        }
    }

    private byte[] fetch(String path) {
        Instant now = client.clock().instant();
        Entry e = cache.get(path);
        if (e != null && now.isBefore(e.freshUntil())) {
            return e.body();
        }
        URI uri = URI.create(client.metadata().serviceRegistryEndpoint().toString().replaceAll("/+$", "") + path);
        RequestOptions opts = e != null && e.etag() != null
                ? RequestOptions.builder().header("If-None-Match", e.etag()).build() : RequestOptions.none();
        PlatformResponse r = client.get(uri, opts);
        Instant fresh = now.plus(maxAge(r.header("cache-control").orElse(null)));
        if (r.statusCode() == 304 && e != null) {
            cache.put(path, new Entry(e.etag(), e.body(), fresh));
            return e.body();
        }
        cache.put(path, new Entry(r.header("etag").orElse(null), r.body(), fresh));
        return r.body();
    }

    private static Duration maxAge(String cacheControl) {
        if (cacheControl == null || cacheControl.contains("no-cache") || cacheControl.contains("no-store")) {
            return Duration.ZERO;
        }
        Matcher m = MAX_AGE.matcher(cacheControl);
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : Duration.ZERO;
    }
}
