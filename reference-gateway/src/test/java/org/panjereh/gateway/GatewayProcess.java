package org.panjereh.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.panjereh.testing.LogHygiene;

/** The built reference-gateway.jar as its own process, as an integrator runs it. */
final class GatewayProcess implements AutoCloseable {

    /**
     * The JVM options of a gateway that lives seconds, which is what the suite starts some eighty of: the JIT's first
     * tier on one compiler thread (C1 alone starts it sooner and serves a test's load), the serial collector (no GC
     * threads to start and feed for a 256 MB heap) and no perf-data file. Together they take a start from 3.9 to
     * 3.3 CPU-seconds on a two-core machine (docs/BENCHMARKS.md), and the suite is CPU-bound.
     */
    static final List<String> SHORT_LIVED = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:+UseSerialGC", "-XX:-UsePerfData");

    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar and waits until it is ready.
     *
     * @param port     the gateway's port
     * @param settings system properties for it
     * @param log      where its output goes
     * @return the running gateway
     */
    static GatewayProcess start(int port, Map<String, String> settings, Path log) throws Exception {
        return start(port, settings, List.of(), Map.of(), log);
    }

    /**
     * Starts the jar with command-line options and environment variables too, and waits until it is ready.
     *
     * @param port        the gateway's port
     * @param settings    system properties for it
     * @param options     options after {@code --port}, such as {@code --platform=URL}
     * @param environment environment variables to add
     * @param log         where its output goes
     * @return the running gateway
     */
    static GatewayProcess start(int port, Map<String, String> settings, List<String> options, Map<String, String> environment,
                                Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Path.of(System.getProperty("gateway.jar", "target/reference-gateway.jar"));
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(SHORT_LIVED);
        cmd.addAll(GatewayClassArchive.options(java, jar));
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString(), "--port=" + port));
        cmd.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        GatewayProcess g = new GatewayProcess(p, log);
        if (awaitReady(p, port)) {
            return g;
        }
        if (!p.isAlive()) {
            throw new AssertionError("gateway exited with status " + p.waitFor() + ": " + g.log());
        }
        g.close();
        throw new AssertionError("gateway did not start: " + g.log());
    }

    /**
     * @param p    a gateway process
     * @param port its port
     * @return whether it became ready within a minute; {@code false} as soon as it exits
     */
    static boolean awaitReady(Process p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Response r = HTTP.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/q/health/ready").build()).execute()) {
                if (r.code() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(50); // polling a separate process for readiness: no clock to inject
        }
        return false;
    }

    /** Ends it with SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkLog();
    }

    /** The rule of the whole suite holds for the gateway's own output too: no token, national code or secret. */
    private void checkLog() {
        List<String> bad = log().lines().flatMap(l -> LogHygiene.offences(l).stream()).toList();
        if (!bad.isEmpty()) {
            throw new AssertionError("The gateway's log (" + log + ") holds what no log line may: " + bad);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops it as an operator would (SIGTERM), then by force after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        checkLog();
    }
}
