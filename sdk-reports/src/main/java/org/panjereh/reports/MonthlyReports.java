package org.panjereh.reports;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.shared.Json;
import org.panjereh.core.shared.PeriodicTask;
import org.panjereh.reports.internal.ReportWire;

/**
 * Sends the agency's monthly performance reports to the national window (contract section 13). Every finished
 * month is recorded as owed in the {@link ReportLedger} and stays owed until the platform holds it: after a
 * crash, an outage or days offline, {@link #catchUp()} sends every owed month, oldest first. The first send of a
 * month carries {@code If-None-Match: *}; a month recomputed later that differs goes as a correction with
 * {@code If-Match} of the version the platform answered; one that does not differ is not sent again. Each catch-up
 * also recomputes the month last reported ({@link Builder#recheckMonths(int)}) and corrects it if it changed.
 *
 * <pre>{@code
 * MonthlyReports reports = MonthlyReports.builder(platform, source, ReportLedger.jdbc(dataSource)).build();
 * reports.start();                                  // catches up now, then every hour
 * reports.send(JalaliMonth.parse("1405-08"));       // "send again" from a staff page
 * }</pre>
 */
public final class MonthlyReports implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MonthlyReports.class.getName());

    /** What happened to one month. */
    public enum Outcome {
        /** The platform stored the month for the first time. */
        CREATED,
        /** The platform already held the same figures. */
        UNCHANGED,
        /** The platform stored a correction of what it held. */
        CORRECTED,
        /** The platform refused the figures; the month stays owed until the source is fixed. */
        REFUSED,
        /** The platform could not be reached; the month stays owed and goes later. */
        DEFERRED
    }

    /**
     * One month's send.
     *
     * @param month   the month
     * @param outcome what happened
     * @param version the platform's version after it, or {@code null}
     * @param late    whether the platform marked it late (after the 5th of the next month)
     * @param errorId for {@link Outcome#REFUSED} and {@link Outcome#DEFERRED}: the id of the one log line with
     *                the reason
     */
    public record Submission(JalaliMonth month, Outcome outcome, String version, boolean late, String errorId) {
    }

    private final PlatformClient platform;
    private final ReportSource source;
    private final ReportLedger ledger;
    private final Clock clock;
    private final JalaliMonth firstMonth;
    private final Duration interval;
    private final int recheckMonths;
    private final String agencyId;
    private final PeriodicTask schedule = new PeriodicTask("panjereh-monthly-reports");

    private MonthlyReports(Builder b) {
        this.platform = b.platform;
        this.source = b.source;
        this.ledger = b.ledger;
        this.clock = b.clock != null ? b.clock : platform.clock();
        this.firstMonth = b.firstMonth;
        this.interval = b.interval;
        this.recheckMonths = b.recheckMonths;
        this.agencyId = platform.credentials().agencyId();
    }

    /**
     * @param platform the agency's platform client (scope {@code reports})
     * @param source   where the figures come from
     * @param ledger   where owed and sent months are kept; {@link ReportLedger#jdbc} in production
     * @return a builder
     */
    public static Builder builder(PlatformClient platform, ReportSource source, ReportLedger ledger) {
        return new Builder(platform, source, ledger);
    }

    /**
     * Records every month that ended since the ledger's latest (or since the first month configured) as owed, then
     * sends the owed months oldest first. A platform that cannot be reached stops the run, so that months arrive
     * in order; a month the platform refuses is logged and the run goes on to the next.
     *
     * @return what happened to each month tried, oldest first
     * @throws ReportException {@link ReportException.Reason#LEDGER_FAILURE} if the ledger cannot be used
     */
    public List<Submission> catchUp() {
        JalaliMonth lastFinished = JalaliMonth.containing(clock.instant()).previous();
        JalaliMonth from = ledger.latest().map(JalaliMonth::next).orElse(firstMonth != null ? firstMonth : lastFinished);
        for (JalaliMonth m = from; m.compareTo(lastFinished) <= 0; m = m.next()) {
            ledger.owe(m);
        }
        recheck(lastFinished);
        List<Submission> done = new ArrayList<>();
        for (ReportLedger.Entry e : ledger.owed()) {
            Submission s = trySend(e.month());
            done.add(s);
            if (s.outcome() == Outcome.DEFERRED) {
                break;
            }
        }
        return done;
    }

    /**
     * Recomputes the latest sent months and owes again each whose figures changed since they were sent (a request
     * of that month corrected in the records, a survey response that arrived late), so it goes as a correction.
     */
    private void recheck(JalaliMonth lastFinished) {
        JalaliMonth m = lastFinished;
        for (int i = 0; i < recheckMonths; i++, m = m.previous()) {
            Optional<ReportLedger.Entry> e = ledger.find(m);
            if (e.isPresent() && e.get().state() == ReportLedger.State.SENT && e.get().digest() != null
                    && !e.get().digest().equals(ReportWire.digest(source.compute(m, clock.instant())))) {
                ledger.oweAgain(m);
            }
        }
    }

    /**
     * Computes and sends one finished month now, whether or not it is owed ("send again"). A failure leaves the
     * month owed.
     *
     * @param month a finished month
     * @return what happened
     * @throws ReportException {@link ReportException.Reason#MONTH_NOT_FINISHED}, or
     *                         {@link ReportException.Reason#INVALID_FIGURES} when the source answers another month or
     *                         agency
     */
    public Submission send(JalaliMonth month) {
        Objects.requireNonNull(month, "month");
        if (month.end().isAfter(clock.instant())) {
            throw new ReportException(ReportException.Reason.MONTH_NOT_FINISHED, "Month " + month + " has not ended", null);
        }
        ledger.oweAgain(month);
        return trySend(month);
    }

    /**
     * Sends the month in progress as it stands so far: a provisional report, for a test deployment rehearsing with
     * the sandbox (the conformance kit's {@code report.monthly}) or for staff who want the platform to see the month
     * early. The ledger is not touched: when the month ends it is owed as every month is, and its final figures go as a
     * correction of this one ({@code If-Match} of the version the platform holds).
     *
     * @return what happened
     * @throws ReportException     {@link ReportException.Reason#INVALID_FIGURES} when the source answers another month or
     *                             agency
     * @throws PanjerehException   when the platform cannot be reached or refuses the figures
     */
    public Submission sendSoFar() {
        JalaliMonth month = JalaliMonth.containing(clock.instant());
        MonthlyReport report = computed(month);
        URI uri = uri(month);
        String held = heldVersion(uri);
        PlatformResponse r = platform.put(uri, ReportWire.json(report), "application/json", precondition(held));
        String version = r.header("ETag").orElse(null);
        return new Submission(month, outcome(r, held, version), version, false, null);
    }

    /** @return every month the ledger knows, oldest first, with what the platform holds */
    public List<ReportLedger.Entry> status() {
        return ledger.all();
    }

    /** The interval of {@link #start()}. */
    public Duration interval() {
        return interval;
    }

    /** Catches up now and then every {@link #interval()} on a daemon thread until {@link #close()}. */
    public void start() {
        schedule.start(Duration.ZERO, interval, () -> {
            try {
                catchUp();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Monthly reports could not catch up: {0}", e.toString());
            }
        });
    }

    /** Stops the schedule. */
    @Override
    public void close() {
        schedule.close();
    }

    private Submission trySend(JalaliMonth month) {
        try {
            return put(month);
        } catch (ReportException e) {
            if (e.reason() != ReportException.Reason.REFUSED && e.reason() != ReportException.Reason.VERSION_CONFLICT
                    && e.reason() != ReportException.Reason.INVALID_FIGURES) {
                throw e;
            }
            String id = errorId();
            LOG.log(System.Logger.Level.ERROR, "Monthly report {0} not accepted [{1}]: {2}{3}", month, id, e.getMessage(),
                    e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
            return new Submission(month, e.isRetryable() ? Outcome.DEFERRED : Outcome.REFUSED, null, false, id);
        } catch (PanjerehException e) {
            if (e instanceof PlatformException p && !p.isRetryable()) {
                String id = errorId();
                LOG.log(System.Logger.Level.ERROR, "Monthly report {0} refused [{1}]: {2} {3}", month, id, p.statusCode(),
                        p.code());
                return new Submission(month, Outcome.REFUSED, null, false, id);
            }
            String id = errorId();
            LOG.log(System.Logger.Level.WARNING, "Monthly report {0} deferred [{1}]: {2}", month, id, e.getMessage());
            return new Submission(month, Outcome.DEFERRED, null, false, id);
        }
    }

    /** The source's figures for a month, refused when they are another month's or another agency's. */
    private MonthlyReport computed(JalaliMonth month) {
        MonthlyReport report = source.compute(month, clock.instant());
        if (!report.month().equals(month) || !report.agencyId().equals(agencyId)) {
            throw new ReportException(ReportException.Reason.INVALID_FIGURES, "The source answered " + report.agencyId()
                    + "/" + report.month() + " when asked for " + agencyId + "/" + month, null);
        }
        return report;
    }

    /**
     * What a {@code PUT} did: stored first ({@code 201}), or, to a precondition, the same version kept (a {@code 200}
     * to {@code If-None-Match: *} can only mean the platform held these very figures already) or a new one.
     */
    private static Outcome outcome(PlatformResponse r, String held, String version) {
        return r.statusCode() == 201 ? Outcome.CREATED
                : held == null || Objects.equals(version, held) ? Outcome.UNCHANGED : Outcome.CORRECTED;
    }

    private Submission put(JalaliMonth month) {
        MonthlyReport report = computed(month);
        byte[] body = ReportWire.json(report);
        String digest = ReportWire.digest(report);
        Optional<ReportLedger.Entry> known = ledger.find(month);
        String held = known.map(ReportLedger.Entry::version).orElse(null);
        URI uri = uri(month);
        PlatformResponse r;
        try {
            r = platform.put(uri, body, "application/json", precondition(held));
        } catch (PlatformException e) {
            if (e.statusCode() == 422) {
                throw new ReportException(ReportException.Reason.REFUSED, "The platform refused " + month + ": " + e.code(), e);
            }
            if (e.statusCode() != 412) {
                throw e;
            }
            // Another node sent first, or this ledger lost what the platform holds (a restore): read its version
            // and send these figures, computed just now, as the correction.
            held = heldVersion(uri);
            try {
                r = platform.put(uri, body, "application/json", precondition(held));
            } catch (PlatformException again) {
                if (again.statusCode() == 412) {
                    throw new ReportException(ReportException.Reason.VERSION_CONFLICT, "Month " + month
                            + " kept changing at the platform while it was being corrected", again);
                }
                throw again;
            }
        }
        String version = r.header("ETag").orElse(null);
        boolean late = late(r.body());
        ledger.sent(month, version, digest, clock.instant());
        return new Submission(month, outcome(r, held, version), version, late, null);
    }

    /** The version the platform holds, or {@code null} when it holds none (its store was reset). */
    private String heldVersion(URI uri) {
        try {
            return platform.get(uri, RequestOptions.none()).header("ETag").orElse(null);
        } catch (PlatformException e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static boolean late(byte[] body) {
        try {
            return Json.MAPPER.readTree(body).path("late").asBoolean(false);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static RequestOptions precondition(String held) {
        return held == null ? RequestOptions.builder().header("If-None-Match", "*").build()
                : RequestOptions.builder().header("If-Match", held).build();
    }

    private URI uri(JalaliMonth month) {
        return URI.create(platform.metadata().reportsEndpoint().toString().replaceAll("/+$", "") + "/monthly/" + agencyId
                + "/" + month);
    }

    private static String errorId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Builder of {@link MonthlyReports}. */
    public static final class Builder {
        private final PlatformClient platform;
        private final ReportSource source;
        private final ReportLedger ledger;
        private Clock clock;
        private JalaliMonth firstMonth;
        private Duration interval = Duration.ofHours(1);
        private int recheckMonths = 1;

        private Builder(PlatformClient platform, ReportSource source, ReportLedger ledger) {
            this.platform = platform;
            this.source = source;
            this.ledger = ledger;
        }

        /** @param c clock deciding which months have ended; the platform client's by default @return this */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * @param m the first month owed when the ledger is empty; by default the month before the first run (an agency
         *          that starts reporting owes no months before it adopted the SDK unless it says so)
         * @return this
         */
        public Builder firstMonth(JalaliMonth m) {
            this.firstMonth = m;
            return this;
        }

        /** @param d how often {@link MonthlyReports#start()} catches up; 1 hour by default @return this */
        public Builder interval(Duration d) {
            this.interval = d;
            return this;
        }

        /**
         * @param n how many of the latest finished months {@link MonthlyReports#catchUp()} recomputes, sending a
         *          correction when the figures changed; 1 by default (the month just reported), 0 for none
         * @return this
         */
        public Builder recheckMonths(int n) {
            this.recheckMonths = n;
            return this;
        }

        /**
         * @return the client
         * @throws PanjerehConfigurationException when a collaborator is missing or the interval is not positive
         */
        public MonthlyReports build() {
            if (platform == null || source == null || ledger == null) {
                throw new PanjerehConfigurationException("MonthlyReports needs a platform client, a report source and a ledger");
            }
            if (recheckMonths < 0 || recheckMonths > 12) {
                throw new PanjerehConfigurationException("MonthlyReports rechecks 0 to 12 months, not " + recheckMonths);
            }
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new PanjerehConfigurationException("MonthlyReports' interval must be positive");
            }
            return new MonthlyReports(this);
        }
    }
}
