package org.panjereh.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load run: a number of threads each repeat one task back to back for a while; the load runs' common
 * harness ({@link LoginLoad}, {@link ExchangeLoad}).
 */
final class ClosedLoop {

    /** One task, run by thread {@code thread}. */
    interface Task {
        void run(int thread) throws Exception;
    }

    /**
     * What a run did.
     *
     * @param done    tasks completed
     * @param failed  tasks that threw
     * @param seconds how long it ran
     * @param p50Ms   median latency of the completed ones
     * @param p99Ms   99th percentile latency of the completed ones
     */
    record Result(long done, long failed, double seconds, double p50Ms, double p99Ms) {
        double perSecond() {
            return done / seconds;
        }
    }

    private ClosedLoop() {
    }

    /**
     * @param threads  how many threads
     * @param duration how long
     * @param task     the task; the first failure is printed, every failure counted
     * @return what it did
     * @throws Exception if a thread could not be joined
     */
    static Result run(int threads, Duration duration, Task task) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            fs.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        task.run(thread);
                        done.incrementAndGet();
                        latencies.add(System.nanoTime() - t0);
                    } catch (Exception | AssertionError e) {
                        if (failed.incrementAndGet() == 1) {
                            System.out.println("first failure: " + e);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        List<Long> l = new ArrayList<>(latencies);
        Collections.sort(l);
        return new Result(done.get(), failed.get(), duration.toNanos() / 1e9, l.isEmpty() ? 0 : l.get(l.size() / 2) / 1e6,
                l.isEmpty() ? 0 : l.get((int) (l.size() * 0.99)) / 1e6);
    }
}
