package org.panjereh.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.panjereh.core.Channel;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;

/** sdk-events: a request's whole life as service events, through a durable outbox. */
public final class EventsExample {

    private EventsExample() {
    }

    /**
     * Runs the example.
     *
     * @param args optional outbox directory
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("panjereh-outbox");
        try (Demo demo = new Demo();
             Outbox outbox = Outbox.fileJournal(dir.resolve("outbox"));
             ServiceEventPublisher events = ServiceEventPublisher.builder(demo.platform, outbox)
                     .deadLetters(DeadLetterStore.jsonLines(dir.resolve("dead-letters.jsonl"))).build()) {
            ServiceId licence = ServiceId.of("10101234567");
            TrackingId t = TrackingIds.builder(demo.platform).build().issue(licence, Channel.WEB, "citizen-sub").trackingId();
            events.publish(ServiceEvent.started(t, licence, Channel.WEB, "U-1010-01"));
            events.publish(ServiceEvent.step(t, licence, "review", Channel.WEB, "U-1010-01"));
            events.publish(ServiceEvent.delivered(t, licence, Channel.WEB, "U-1010-02"));
            events.awaitDelivered(Duration.ofSeconds(30));
            System.out.println("delivery: " + events.metrics());
            TrackingIds.builder(demo.platform).build().status(t).events()
                    .forEach(e -> System.out.println("  " + e.type() + (e.step() == null ? "" : " " + e.step())));
        }
    }
}
