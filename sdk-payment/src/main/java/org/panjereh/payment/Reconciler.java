package org.panjereh.payment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.panjereh.core.shared.PeriodicTask;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PanjerehException;

/**
 * Verifies every payment the ledger still waits on, before the platform's {@code verify_window} closes and the
 * bank reverses it: after a crash between the citizen paying and the verify, after a restart, on whichever node
 * runs it. It also asks the platform for its unverified payments ({@code GET …/payments?unverified=true}) and
 * adopts those the ledger never saw (a restore from an older backup), sends again refunds whose answer was lost,
 * and stores the payment events the ledger owes. Several nodes may run it at once: verify is idempotent at the
 * platform and the ledger records each outcome once.
 *
 * <pre>{@code
 * Reconciler reconciler = Reconciler.builder(payments).build();
 * reconciler.start();                  // every min(30 s, verify_window / 4); runOnce() at once too
 * Reconciler.Report r = reconciler.runOnce();
 * }</pre>
 */
public final class Reconciler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());

    /**
     * What one run did.
     *
     * @param checked   ledger payments verified
     * @param paid      of them, now paid
     * @param unpaid    of them, now final without payment (failed, cancelled, expired, reversed, mismatch)
     * @param pending   of them, still waiting (not paid yet, or the bank's answer not in)
     * @param adopted   payments the platform listed as unverified that the ledger did not know
     * @param refunds   pending refunds settled
     * @param errors    verifies or refunds that failed this time (to be tried again next run)
     */
    public record Report(int checked, int paid, int unpaid, int pending, int adopted, int refunds, int errors) {
    }

    private final Payments payments;
    private final Duration interval;
    private final int maxPerRun;
    private final int parallelism;
    private final PeriodicTask schedule = new PeriodicTask("panjereh-payment-reconciler-schedule");

    private Reconciler(Builder b) {
        this.payments = b.payments;
        Duration window = payments.verifyWindow();
        Duration quarter = window.dividedBy(4);
        this.interval = b.interval != null ? b.interval : quarter.compareTo(Duration.ofSeconds(30)) < 0
                ? (quarter.isZero() ? Duration.ofSeconds(1) : quarter) : Duration.ofSeconds(30);
        this.maxPerRun = b.maxPerRun;
        this.parallelism = b.parallelism;
    }

    /**
     * @param payments the payments client whose ledger to reconcile
     * @return a builder
     */
    public static Builder builder(Payments payments) {
        return new Builder(payments);
    }

    /** How often {@link #start()} runs it. */
    public Duration interval() {
        return interval;
    }

    /**
     * One pass: the platform's unverified list, every waiting ledger payment, pending refunds, owed events.
     *
     * @return what it did
     */
    public Report runOnce() {
        AtomicInteger adopted = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        try {
            for (Payment p : payments.unverified()) {
                if (payments.adopt(p)) {
                    adopted.incrementAndGet();
                }
            }
        } catch (PanjerehException e) {
            errors.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "Cannot read the platform''s unverified payments: {0}", e.getMessage());
        }
        List<LedgerEntry> waiting = payments.ledger().needingVerify(maxPerRun);
        AtomicInteger paid = new AtomicInteger();
        AtomicInteger unpaid = new AtomicInteger();
        AtomicInteger pending = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, waiting.size())), r -> {
            Thread t = new Thread(r, "panjereh-payment-reconciler");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>(waiting.size());
            for (LedgerEntry e : waiting) {
                running.add(pool.submit(() -> {
                    try {
                        Payment p = payments.verify(e.paymentId());
                        if (p.isPaid()) {
                            paid.incrementAndGet();
                        } else if (p.state().isFinal(false)) {
                            unpaid.incrementAndGet();
                        } else {
                            pending.incrementAndGet();
                        }
                    } catch (PaymentException ex) {
                        if (ex.reason() == PaymentException.Reason.ANSWER_MISMATCH) {
                            unpaid.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (PanjerehException ex) {
                        errors.incrementAndGet();
                        LOG.log(System.Logger.Level.WARNING, "Verify of payment {0} failed, will retry: {1}", e.paymentId(),
                                ex.getMessage());
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            errors.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "Reconciler task failed: {0}", e.getCause().toString());
        } finally {
            pool.shutdownNow();
        }
        int refunds = 0;
        for (PaymentLedger.PendingRefund pr : payments.ledger().pendingRefunds(1000)) {
            try {
                if (!payments.sendRefund(pr.refund(), pr.reason()).isPending()) {
                    refunds++;
                }
            } catch (PanjerehException e) {
                errors.incrementAndGet();
            }
        }
        payments.publishDueEvents();
        return new Report(waiting.size(), paid.get(), unpaid.get(), pending.get(), adopted.get(), refunds, errors.get());
    }

    /** Runs now and then every {@link #interval()} on a daemon thread until {@link #close()}. */
    public void start() {
        schedule.start(Duration.ZERO, interval, () -> {
            try {
                Report r = runOnce();
                if (r.paid() + r.unpaid() + r.adopted() + r.refunds() + r.errors() > 0) {
                    LOG.log(System.Logger.Level.INFO, "Payments reconciled: {0}", r);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Payment reconciliation failed: {0}", e.toString());
            }
        });
    }

    /** Stops the schedule. */
    @Override
    public void close() {
        schedule.close();
    }

    /** Builder of {@link Reconciler}. */
    public static final class Builder {
        private final Payments payments;
        private Duration interval;
        private int maxPerRun = 20_000;
        private int parallelism = 8;

        private Builder(Payments payments) {
            this.payments = Objects.requireNonNull(payments, "payments");
        }

        /** @param d how often to run (default min(30 s, verify_window / 4)); keep it well inside the window */
        public Builder interval(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new PanjerehConfigurationException("interval must be positive");
            }
            this.interval = d;
            return this;
        }

        /** @param n most ledger payments verified per run (default 20,000) */
        public Builder maxPerRun(int n) {
            if (n < 1) {
                throw new PanjerehConfigurationException("maxPerRun must be positive");
            }
            this.maxPerRun = n;
            return this;
        }

        /** @param n verifies in flight at once (default 8) */
        public Builder parallelism(int n) {
            if (n < 1 || n > 256) {
                throw new PanjerehConfigurationException("parallelism is 1-256");
            }
            this.parallelism = n;
            return this;
        }

        /** @return the reconciler */
        public Reconciler build() {
            if (interval != null && interval.compareTo(payments.verifyWindow()) >= 0) {
                // Allowed (a test, or a node that only reconciles at start), but payments may be reversed meanwhile.
                LOG.log(System.Logger.Level.WARNING, "The payment reconciler runs every {0}, not more often than the "
                        + "platform''s verify window {1}: a payment whose return is lost may be reversed before it is verified",
                        interval, payments.verifyWindow());
            }
            return new Reconciler(this);
        }
    }
}
