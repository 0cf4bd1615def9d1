package org.panjereh.examples;

import org.panjereh.core.Channel;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.TrackingIds;

/** sdk-core: read a service card, issue a tracking id, read its status. */
public final class CoreExample {

    private CoreExample() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try (Demo demo = new Demo()) {
            ServiceCard card = ServiceRegistry.remote(demo.platform).card(ServiceId.of("10101234567"));
            System.out.println("خدمت: " + card.title() + " (سطح ورود " + card.authLevel().acr() + ")");
            TrackingIds ids = TrackingIds.builder(demo.platform).build();
            TrackingIds.IssuedTrackingId issued = ids.issue(card.serviceId(), Channel.WEB, "citizen-sub");
            System.out.println("شناسه پیگیری: " + issued.trackingId().toPersianDisplay() + " — "
                    + JalaliDate.of(issued.issuedAt()).toPersianString());
            System.out.println("وضعیت: " + ids.status(issued.trackingId()).status());
        }
    }
}
