package org.panjereh.sandbox.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * {@code java -jar national-sandbox.jar [--port=8089] [--host=127.0.0.1] [--issuer=URL] [--data=DIR]
 * [--agencies=FILE] [--faults=FILE] [--seed=N] [--verify-window=PT15M|900] [--no-dpop] [--dpop-nonces]}; {@code PORT} in the environment sets the port.
 */
public final class Main {

    private Main() {
    }

    /**
     * Entry point.
     *
     * @param args command line
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        SandboxConfig.Builder b = SandboxConfig.builder();
        String envPort = System.getenv("PORT");
        try {
            if (envPort != null && !envPort.isBlank()) {
                b.port(Integer.parseInt(envPort.strip()));
            }
            for (String a : args) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
                if (a.startsWith("--port=")) {
                    b.port(Integer.parseInt(v));
                } else if (a.startsWith("--host=")) {
                    b.host(v);
                } else if (a.startsWith("--issuer=")) {
                    b.issuer(URI.create(v));
                } else if (a.startsWith("--data=")) {
                    b.dataDir(Path.of(v));
                } else if (a.startsWith("--agencies=")) {
                    b.agenciesFile(Path.of(v));
                } else if (a.startsWith("--faults=")) {
                    b.faultsFile(Path.of(v));
                } else if (a.startsWith("--seed=")) {
                    b.seed(Long.parseLong(v));
                } else if (a.startsWith("--profile=")) {
                    b.profile(switch (v) {
                        case "live-like" -> SandboxConfig.Profile.LIVE_LIKE;
                        case "strict" -> SandboxConfig.Profile.STRICT;
                        case "fapi2" -> SandboxConfig.Profile.FAPI2;
                        default -> SandboxConfig.Profile.valueOf(v);
                    });
                } else if (a.startsWith("--verify-window=")) {
                    b.verifyWindow(java.time.Duration.parse(v.matches("[0-9]+") ? "PT" + v + "S" : v));
                } else if (a.equals("--no-dpop")) {
                    b.dpop(false);
                } else if (a.equals("--dpop-nonces")) {
                    b.dpopNonces(true);
                } else if (a.equals("--help") || a.equals("-h")) {
                    usage();
                    return;
                } else {
                    System.err.println("Unknown option " + a);
                    usage();
                    System.exit(2);
                }
            }
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            System.err.println("Bad option: " + e.getMessage());
            usage();
            System.exit(2);
        }
        long t0 = System.nanoTime();
        NationalSandbox sandbox;
        try {
            sandbox = NationalSandbox.start(b.build());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf("National sandbox ready at %s in %d ms (index page, OpenAPI at /openapi.json)%n",
                sandbox.issuer(), (System.nanoTime() - t0) / 1_000_000);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stop.countDown();
        }));
        stop.await();
    }

    private static void usage() {
        System.err.println("Usage: java -jar national-sandbox.jar [--port=8089] [--host=127.0.0.1] [--issuer=URL]"
                + " [--data=DIR] [--agencies=FILE] [--faults=FILE] [--seed=N] [--profile=strict|live-like|fapi2] [--verify-window=PT15M] [--no-dpop] [--dpop-nonces]");
    }
}
