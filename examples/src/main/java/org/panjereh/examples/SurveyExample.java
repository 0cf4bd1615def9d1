package org.panjereh.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.panjereh.core.Channel;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.survey.SurveyResponseCourier;
import org.panjereh.survey.SurveyService;
import org.panjereh.survey.SurveyServlet;
import org.panjereh.survey.SurveyTickets;

/**
 * sdk-survey: {@code /deliver} delivers a request (tracking id, started and delivered events) and sends
 * the citizen straight to the satisfaction survey, whose answer goes to the national evaluation
 * service through the durable outbox.
 */
public final class SurveyExample {

    private SurveyExample() {
    }

    /** Delivers a sample request and redirects to its survey. */
    static final class Deliver extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Demo demo;
        private final transient ServiceEventPublisher events;
        private final transient SurveyTickets tickets;

        Deliver(Demo demo, ServiceEventPublisher events, SurveyTickets tickets) {
            this.demo = demo;
            this.events = events;
            this.tickets = tickets;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            ServiceId licence = ServiceId.of("10101234567");
            TrackingId t = TrackingIds.builder(demo.platform).build().issue(licence, Channel.WEB, "citizen-sub").trackingId();
            events.publish(ServiceEvent.started(t, licence, Channel.WEB, "U-1010-01"));
            events.publish(ServiceEvent.delivered(t, licence, Channel.WEB, "U-1010-02"));
            // Right after delivery (ماده ۸ آیین‌نامه): the survey, with a ticket only this citizen holds.
            res.sendRedirect("/survey?ticket=" + URLEncoder.encode(tickets.mint(t, licence, Channel.WEB, "citizen-sub"),
                    StandardCharsets.US_ASCII));
        }
    }

    /**
     * Starts the portal.
     *
     * @param demo   the platform
     * @param outbox the outbox
     * @param dir    where dead letters go
     * @param port   port, 0 for any
     * @return the server and the publisher to close
     * @throws Exception if Jetty cannot start
     */
    static Object[] start(Demo demo, Outbox outbox, Path dir, int port) throws Exception {
        ServiceEventPublisher events = ServiceEventPublisher.builder(demo.platform, outbox)
                .courier(new SurveyResponseCourier()).deadLetters(DeadLetterStore.jsonLines(dir.resolve("dead-letters.jsonl")))
                .build();
        SurveyTickets tickets = SurveyTickets.builder(demo.credentials.signingKey()).lifetime(Duration.ofDays(7)).build();
        SurveyService survey = SurveyService.builder(demo.platform, events, tickets).build();
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(port);
        server.addConnector(c);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addServlet(new ServletHolder(new Deliver(demo, events, tickets)), "/deliver");
        ctx.addServlet(new ServletHolder(SurveyServlet.builder(survey, tickets).formId("csat-v1").build()), "/survey/*");
        server.setHandler(ctx);
        server.start();
        return new Object[] {server, events};
    }

    /**
     * Runs the portal until interrupted.
     *
     * @param args optional port
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("panjereh-survey-example");
        try (Demo demo = new Demo(); Outbox outbox = Outbox.fileJournal(dir.resolve("outbox"))) {
            Object[] started = start(demo, outbox, dir, args.length > 0 ? Integer.parseInt(args[0]) : 8082);
            Server server = (Server) started[0];
            System.out.println("Open " + server.getURI() + "deliver to deliver a request and answer its survey");
            server.join();
        }
    }
}
