package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.shared.HttpSupport;

/**
 * Servers and proxies that close connections behind the client's back: after every answer without saying
 * {@code Connection: close} (HTTP/1.0 proxies, a keep-alive of a few seconds), or while they sit idle. A POST on
 * such a pooled connection is sent again once on a new connection, and never twice to the server.
 */
class StaleConnectionTest {

    /** A tiny HTTP/1.1 server that counts requests and can close its connections when told. */
    static final class ClosingServer implements AutoCloseable {
        final ServerSocket socket;
        final boolean closeAfterEachAnswer;
        final AtomicInteger requests = new AtomicInteger();
        final List<Socket> open = new CopyOnWriteArrayList<>();
        final List<Thread> serving = new CopyOnWriteArrayList<>();
        final Thread acceptor;

        ClosingServer(boolean closeAfterEachAnswer) throws IOException {
            this.closeAfterEachAnswer = closeAfterEachAnswer;
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::accept, "closing-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/x";
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    open.add(s);
                    Thread t = new Thread(() -> serve(s));
                    t.setDaemon(true);
                    serving.add(t);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                while (true) {
                    String line = in.readLine();
                    if (line == null) {
                        return;
                    }
                    int length = 0;
                    while (!(line = in.readLine()).isEmpty()) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                    for (int i = 0; i < length; i++) {
                        in.read();
                    }
                    int n = requests.incrementAndGet();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"n\":" + String.format("%3d", n)
                            + "}").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfterEachAnswer) {
                        return; // closes without having said Connection: close
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the client went away
            }
        }

        /**
         * What an idle timeout does: every open connection is closed by the server. Returns once the connections
         * are really closed: a socket closed while its reader is blocked stays open until the reader has left.
         */
        void closeIdleConnections() throws IOException {
            for (Socket s : open) {
                s.close();
            }
            open.clear();
            for (Thread t : serving) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            serving.clear();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            closeIdleConnections();
        }
    }

    ClosingServer server;

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    static String post(OkHttpClient http, String url) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(url).post(RequestBody.create("{}",
                MediaType.get("application/json"))).build()).execute()) {
            return r.body().string();
        }
    }

    @Test
    void aServerThatClosesAfterEveryAnswerLosesNoPost() throws Exception {
        server = new ClosingServer(true);
        OkHttpClient http = HttpSupport.defaultClient();
        for (int i = 1; i <= 5; i++) {
            assertEquals("{\"n\":" + String.format("%3d", i) + "}", post(http, server.url()));
        }
        assertEquals(5, server.requests.get(), "each POST reached the server exactly once");
    }

    @Test
    void idleConnectionsClosedByTheServerAreReplacedNotFailed() throws Exception {
        server = new ClosingServer(false);
        OkHttpClient http = HttpSupport.defaultClient();
        post(http, server.url());
        post(http, server.url());
        server.closeIdleConnections();
        assertEquals("{\"n\":  3}", post(http, server.url()));
        server.closeIdleConnections();
        assertEquals("{\"n\":  4}", http.newCall(new Request.Builder().url(server.url()).build()).execute().body().string());
        assertEquals(4, server.requests.get());
    }

    @Test
    void withoutTheRetryTheSecondPostFails() throws Exception {
        server = new ClosingServer(true);
        OkHttpClient bare = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        post(bare, server.url());
        assertThrows(IOException.class, () -> post(bare, server.url()), "the failure the retry exists for");
    }

    @Test
    void aNewConnectionThatFailsIsNotRetried() throws Exception {
        try (ServerSocket dead = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread t = new Thread(() -> {
                while (!dead.isClosed()) {
                    try (Socket s = dead.accept()) {
                        accepted.incrementAndGet();
                        s.getInputStream().read();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            server = new ClosingServer(true);
            assertThrows(IOException.class, () -> post(HttpSupport.defaultClient(), "http://127.0.0.1:" + dead.getLocalPort() + "/x"));
            assertEquals(1, accepted.get(), "a fresh connection that ends without an answer may have been processed: not sent again");
        }
    }
}
