package org.panjereh.examples.spring;

import java.net.URI;
import java.util.Optional;
import org.panjereh.core.Channel;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.TrackingId;
import org.panjereh.events.EventType;
import org.panjereh.events.MessageNotice;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands the timeline's entries to Panjereh's outbox, in order, with their message-box notices. Each entry keeps its
 * event id, so an entry handed over again after a crash is one event to the platform (it de-duplicates by id).
 */
@Component
public class Timeline {

    private static final Logger LOG = LoggerFactory.getLogger(Timeline.class);

    private final Applications applications;
    private final ServiceEventPublisher events;
    private final ServiceRegistry registry;
    private final LicenceSettings settings;

    /**
     * @param applications the portal's records
     * @param events       the starter's publisher
     * @param registry     the service cards
     * @param settings     the portal's service
     */
    public Timeline(Applications applications, ServiceEventPublisher events, ServiceRegistry registry, LicenceSettings settings) {
        this.applications = applications;
        this.events = events;
        this.registry = registry;
        this.settings = settings;
    }

    /**
     * Publishes a request's entries not yet in the outbox; one that fails stays for {@link #catchUp()}.
     *
     * @param trackingId the request
     */
    public synchronized void publish(String trackingId) {
        LicenceApplication a = applications.find(trackingId).orElseThrow();
        ServiceCard card = registry.card(settings.serviceId());
        TrackingId t = TrackingId.of(trackingId);
        for (Applications.Entry e : applications.unpublished(trackingId)) {
            try {
                EventType type = EventType.valueOf(e.type());
                Optional<EventType> last = events.lastEvent(t);
                // A start or an end already in the outbox (a crash came before the mark) goes no second time; a step
                // goes again under its id, which the platform de-duplicates.
                boolean queued = type != EventType.STEP && last.isPresent() && last.get() == type;
                if (!queued) {
                    events.publish(ServiceEvent.of(type, t, card.serviceId(), e.step(), Channel.WEB, unit(card))
                            .at(e.at()).withId(e.eventId()));
                }
                if (e.noticeTitle() != null) {
                    events.sendMessage(new MessageNotice(NationalCode.of(a.nationalCode()), card.serviceId(), t, e.noticeTitle(),
                            e.noticeBody(), e.documentUrl() == null ? null : URI.create(e.documentUrl())));
                }
                applications.published(e.eventId());
            } catch (PanjerehException x) {
                LOG.warn("Event {} of a request waits for the outbox: {}", e.eventId(), x.getMessage());
                return;
            }
        }
    }

    /** Every half minute: what a crash or a full outbox left behind. */
    @Scheduled(fixedDelayString = "${portal.catch-up:PT30S}", initialDelayString = "${portal.catch-up:PT30S}")
    public void catchUp() {
        for (String t : applications.withUnpublished()) {
            publish(t);
        }
    }

    private static String unit(ServiceCard card) {
        return card.units().isEmpty() ? "U-" + card.agencyId() : card.units().get(0);
    }
}
