package org.panjereh.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 29's dashboard run, not a test: the staff dashboard's page body ({@link StaffReports#figuresOf}, everything
 * the page does but the staff check and the sent-months table) for a finished month of {@code requests} requests
 * (default 100,000) on PostgreSQL (embedded, {@link ReportScale#onSeededNode}), asked by {@code threads} staff at once (default 32), {@code views} times
 * in all (default 3,200); beside it the same month counted without the dashboard's cache ({@link MonthlyFigures#compute}),
 * the bare figure under it. {@code bash benchmarks/scripts/dashboard-load.sh [requests] [threads] [views]}.
 */
public final class DashboardLoad {

    private DashboardLoad() {
    }

    /**
     * @param args requests, threads, views
     * @throws Exception if the database or the sandbox cannot be used
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int views = args.length > 2 ? Integer.parseInt(args[2]) : 3_200;
        ReportScale.onSeededNode("dashboard-load", requests, (node, month) -> {
            StaffReports page = new StaffReports();
            page.figures = ReportScale.figures(node);
            page.desk = node.desk();
            Complaints complaints = new Complaints();
            complaints.store = node.store();
            complaints.requests = node.requests();
            complaints.agency = node.agency();
            page.complaints = complaints;

            double[] bare = new double[3];
            for (int i = 0; i < bare.length; i++) {
                long t0 = System.nanoTime();
                page.figures.compute(month, Instant.now());
                bare[i] = (System.nanoTime() - t0) / 1e6;
            }
            System.out.printf("bare count of %s (%,d requests), no cache: %s ms%n", month, requests, Arrays.toString(round(bare)));
            long t0 = System.nanoTime();
            String first = Html.page("گزارش ماهانه", true, page.figuresOf(month).toString());
            System.out.printf("first view (counts the month): %.0f ms, %,d bytes%n", (System.nanoTime() - t0) / 1e6, first.length());
            Path picture = Files.createTempFile("dashboard", ".html");
            Files.writeString(picture, first);
            System.out.println("the page, to look at: " + picture);

            for (int round = 1; round <= 2; round++) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Future<long[]>> parts = new ArrayList<>();
                long start = System.nanoTime();
                for (int th = 0; th < threads; th++) {
                    parts.add(pool.submit(() -> {
                        long[] took = new long[views / threads];
                        for (int i = 0; i < took.length; i++) {
                            long s = System.nanoTime();
                            String html = Html.page("گزارش ماهانه", true, page.figuresOf(month).toString());
                            if (html.length() < 1000) {
                                throw new IllegalStateException("an empty page");
                            }
                            took[i] = System.nanoTime() - s;
                        }
                        return took;
                    }));
                }
                long[] all = new long[0];
                for (Future<long[]> f : parts) {
                    long[] p = f.get();
                    long[] joined = Arrays.copyOf(all, all.length + p.length);
                    System.arraycopy(p, 0, joined, all.length, p.length);
                    all = joined;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                Arrays.sort(all);
                System.out.printf("round %d: %,d views by %d threads in %.2f s (%.0f/s): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        round, all.length, threads, seconds, all.length / seconds, all[all.length / 2] / 1e6,
                        all[(int) Math.ceil(all.length * 0.99) - 1] / 1e6, all[all.length - 1] / 1e6);
            }
        });
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i]);
        }
        return r;
    }
}
