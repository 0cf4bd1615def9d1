package org.panjereh.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 reverse proxy that closes connections the way operators' proxies do, for tests of what a
 * client does when a pooled connection is gone. In {@link Mode#CLOSE_AFTER_EACH_ANSWER} it closes the
 * client's connection right after relaying each answer, without a {@code Connection: close} header (as
 * HTTP/1.0 proxies and very short keep-alives do), so a client that pools the connection finds it dead
 * on its next request. In {@link Mode#IDLE_TIMEOUT} it keeps connections open but closes any that waits
 * longer than the idle timeout for its next request, and {@link #closeIdleConnections()} does the same at
 * once, so tests need not wait for the timer. Each request goes upstream on a fresh connection.
 */
public final class ClosingProxy implements AutoCloseable {

    /** How client connections end. */
    public enum Mode {
        /** Closed after every answer, with no warning header. */
        CLOSE_AFTER_EACH_ANSWER,
        /** Closed when idle longer than the timeout, or when a test says so. */
        IDLE_TIMEOUT
    }

    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket server;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger answers = new AtomicInteger();
    private final AtomicInteger closedAfterAnswer = new AtomicInteger();
    private final AtomicInteger closedIdle = new AtomicInteger();
    private volatile Mode mode;
    private volatile Duration idleTimeout;
    private volatile InetSocketAddress upstream;

    /**
     * Starts listening on a free loopback port; set {@link #upstream(int)} before the first request.
     *
     * @param mode        how connections end
     * @param idleTimeout the idle timeout in {@link Mode#IDLE_TIMEOUT}
     * @throws IOException if no port can be bound
     */
    public ClosingProxy(Mode mode, Duration idleTimeout) throws IOException {
        this.mode = mode;
        this.idleTimeout = idleTimeout;
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "closing-proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** @return the proxy's base URL, {@code http://127.0.0.1:port} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** @param port the loopback port the proxy forwards to */
    public void upstream(int port) {
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** @param m how connections end from now on */
    public void mode(Mode m) {
        this.mode = m;
    }

    /** Closes every connection that is waiting for its next request, as an idle timer firing would. */
    public void closeIdleConnections() {
        for (Connection c : connections) {
            if (c.idle) {
                closedIdle.incrementAndGet();
                c.close();
            }
        }
    }

    /** @return answers relayed so far */
    public int answers() {
        return answers.get();
    }

    /** @return connections closed right after an answer */
    public int closedAfterAnswer() {
        return closedAfterAnswer.get();
    }

    /** @return connections closed while idle */
    public int closedIdle() {
        return closedIdle.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.forEach(Connection::close);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Connection c = new Connection(server.accept());
                connections.add(c);
                Thread t = new Thread(c, "closing-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private final class Connection implements Runnable {
        private final Socket client;
        private volatile boolean idle = true;

        Connection(Socket client) {
            this.client = client;
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // already gone
            }
        }

        @Override
        public void run() {
            try (client) {
                InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                while (true) {
                    idle = true;
                    client.setSoTimeout(mode == Mode.IDLE_TIMEOUT ? (int) idleTimeout.toMillis() : 0);
                    byte[] head;
                    try {
                        head = readHead(in);
                    } catch (SocketTimeoutException e) {
                        closedIdle.incrementAndGet();
                        return;
                    }
                    if (head == null) {
                        return;
                    }
                    idle = false;
                    client.setSoTimeout(30_000);
                    String method = new String(head, StandardCharsets.ISO_8859_1).split(" ", 2)[0];
                    byte[] body = readBody(in, head, false, null);
                    boolean untilClose = relay(head, body, method, out);
                    answers.incrementAndGet();
                    if (untilClose || mode == Mode.CLOSE_AFTER_EACH_ANSWER) {
                        closedAfterAnswer.incrementAndGet();
                        return;
                    }
                }
            } catch (IOException e) {
                // the client or the upstream went away: the connection ends, as it would at a real proxy
            } finally {
                connections.remove(this);
            }
        }

        /** Sends one request upstream and relays the answer; returns whether its end was the upstream closing. */
        private boolean relay(byte[] head, byte[] body, String method, OutputStream out) throws IOException {
            try (Socket up = new Socket()) {
                up.connect(upstream, 5_000);
                up.setSoTimeout(30_000);
                up.getOutputStream().write(head);
                up.getOutputStream().write(body);
                up.getOutputStream().flush();
                InputStream upIn = new BufferedInputStream(up.getInputStream());
                byte[] answerHead = readHead(upIn);
                if (answerHead == null) {
                    throw new IOException("upstream closed without answering");
                }
                String status = new String(answerHead, StandardCharsets.ISO_8859_1).split(" ", 3)[1];
                boolean noBody = method.equals("HEAD") || status.startsWith("1") || status.equals("204") || status.equals("304");
                boolean[] untilClose = new boolean[1];
                byte[] answerBody = noBody ? new byte[0] : readBody(upIn, answerHead, true, untilClose);
                out.write(answerHead);
                out.write(answerBody);
                out.flush();
                return untilClose[0];
            }
        }
    }

    /** The request or status line and headers up to the blank line, or {@code null} at end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        int matched = 0;
        while ((c = in.read()) != -1) {
            b.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (c == '\r' ? 1 : 0);
            if (matched == 4) {
                return b.toByteArray();
            }
            if (b.size() > MAX_HEAD) {
                throw new IOException("head too large");
            }
        }
        if (b.size() == 0) {
            return null;
        }
        throw new IOException("stream ended inside a head");
    }

    /** The body as framed by the head: Content-Length, chunked (relayed as chunks), or until close for answers. */
    private static byte[] readBody(InputStream in, byte[] head, boolean answer, boolean[] untilClose) throws IOException {
        String h = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (h.contains("\r\ntransfer-encoding: chunked")) {
            while (true) {
                String sizeLine = line(in);
                b.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = line(in);
                        b.writeBytes((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    } while (!trailer.isEmpty());
                    return b.toByteArray();
                }
                b.writeBytes(in.readNBytes(size));
                b.writeBytes((line(in) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        int at = h.indexOf("\r\ncontent-length:");
        if (at >= 0) {
            int end = h.indexOf("\r\n", at + 2);
            int n = Integer.parseInt(h.substring(at + "\r\ncontent-length:".length(), end).trim());
            byte[] body = in.readNBytes(n);
            if (body.length < n) {
                throw new IOException("stream ended inside a body");
            }
            return body;
        }
        if (answer) {
            untilClose[0] = true;
            return in.readAllBytes();
        }
        return new byte[0];
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
