package org.panjereh.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;

/**
 * The process that gets killed: publishes a fixed plan of events (started, step, delivered per
 * tracking id, ids derived from the plan) while delivering, printing progress, until killed.
 * Also used to resume: events already in the outbox (by the tracking id's last tag) are skipped.
 */
public final class CrashPusher {

    private CrashPusher() {
    }

    static final ServiceId SERVICE = ServiceId.of("10101234567");

    static List<ServiceEvent> plan(TrackingId t) {
        return List.of(
                ServiceEvent.started(t, SERVICE, Channel.WEB, "U1").withId(id(t, 0)),
                ServiceEvent.step(t, SERVICE, "review", Channel.WEB, "U1").withId(id(t, 1)),
                ServiceEvent.delivered(t, SERVICE, Channel.WEB, "U1").withId(id(t, 2)));
    }

    static UUID id(TrackingId t, int n) {
        return UUID.nameUUIDFromBytes((t.value() + "#" + n).getBytes(StandardCharsets.US_ASCII));
    }

    /** Publishes what the outbox does not have yet; returns how many events it published. */
    static int publishRemaining(ServiceEventPublisher p, Outbox outbox, List<TrackingId> ids, boolean print) {
        int n = 0;
        for (int step = 0; step < 3; step++) {
            for (TrackingId t : ids) {
                String last = outbox.lastTag(t.value()).orElse(null);
                int done = last == null ? 0 : switch (EventType.fromWire(last)) {
                    case STARTED -> 1;
                    case STEP -> 2;
                    default -> 3;
                };
                if (done == step) {
                    p.publish(plan(t).get(step));
                    n++;
                    if (print) {
                        System.out.println("published " + n);
                        System.out.flush();
                    }
                }
            }
        }
        return n;
    }

    /**
     * @param args issuer, JWK file, outbox dir, file of tracking ids
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        PlatformClient client = PlatformClient.builder(PlatformDiscovery.builder(URI.create(args[0])).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010")
                        .signingKey(SigningKey.fromJwk(Path.of(args[1]))).build()).build();
        List<TrackingId> ids = Files.readAllLines(Path.of(args[3])).stream().map(TrackingId::of).toList();
        Outbox outbox = Outbox.fileJournal(Path.of(args[2]));
        ServiceEventPublisher p = ServiceEventPublisher.builder(client, outbox)
                .deadLetters(DeadLetterStore.jsonLines(Path.of(args[2]).resolve("dead-letters.jsonl"))).batchSize(50).build();
        publishRemaining(p, outbox, ids, true);
        System.out.println("all published");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
