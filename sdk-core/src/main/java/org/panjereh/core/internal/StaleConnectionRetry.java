package org.panjereh.core.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Retries a request once, on a fresh connection, when it failed on a connection taken from the pool before any
 * byte of the answer came: the server (or a proxy, or a short keep-alive) had closed that idle connection, so the
 * request was never read. OkHttp's own {@code retryOnConnectionFailure} is off in the SDK, because it also repeats
 * requests the server may have processed; this repeats only what a closed pooled connection swallowed, as Go's
 * {@code net/http} transport does for a reused connection that fails before the response.
 *
 * <p>Install both halves on one client: {@link #listenerFactory()} sees whether a call's connection was new or
 * pooled and whether the answer started; the interceptor decides. Before the retry the pool's idle connections
 * are evicted: when the server closed one, it has usually closed the others too.
 */
public final class StaleConnectionRetry implements Interceptor {

    private static final System.Logger LOG = System.getLogger(StaleConnectionRetry.class.getName());

    /** What one attempt of a call went through. */
    private static final class Attempt {
        volatile boolean connectStarted;
        volatile boolean reused;
        volatile boolean answerStarted;

        void reset() {
            connectStarted = false;
            reused = false;
            answerStarted = false;
        }
    }

    private final Map<Call, Attempt> attempts = new ConcurrentHashMap<>();
    private volatile ConnectionPool pool;

    /** @param pool the client's pool, whose idle connections are evicted before a retry */
    public void pool(ConnectionPool pool) {
        this.pool = pool;
    }

    /** @return the event listener factory that feeds this interceptor */
    public EventListener.Factory listenerFactory() {
        return call -> new EventListener() {
            @Override
            public void connectStart(Call c, InetSocketAddress address, Proxy proxy) {
                attempt(c).connectStarted = true;
            }

            @Override
            public void connectionAcquired(Call c, Connection connection) {
                Attempt a = attempt(c);
                a.reused = !a.connectStarted && connection.protocol() != Protocol.HTTP_2;
            }

            @Override
            public void responseHeadersStart(Call c) {
                attempt(c).answerStarted = true;
            }

            @Override
            public void callEnd(Call c) {
                attempts.remove(c);
            }

            @Override
            public void callFailed(Call c, IOException e) {
                attempts.remove(c);
            }

            @Override
            public void canceled(Call c) {
                attempts.remove(c);
            }
        };
    }

    private Attempt attempt(Call c) {
        return attempts.computeIfAbsent(c, k -> new Attempt());
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Attempt a = attempt(chain.call());
        a.reset();
        try {
            return chain.proceed(request);
        } catch (IOException e) {
            if (!swallowedByClosedConnection(a, e) || chain.call().isCanceled()) {
                throw e;
            }
            LOG.log(System.Logger.Level.DEBUG, "{0} {1} failed on a pooled connection the server had closed ({2}); "
                    + "retrying once on a new connection", request.method(), request.url().encodedPath(), e.toString());
            ConnectionPool p = pool;
            if (p != null) {
                p.evictAll();
            }
            a.reset();
            return chain.proceed(request);
        }
    }

    /** A pooled connection, no byte of the answer, and the connection ended (not a timeout, not a broken answer). */
    private static boolean swallowedByClosedConnection(Attempt a, IOException e) {
        if (!a.reused || a.answerStarted || e instanceof InterruptedIOException) {
            return false;
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return e instanceof EOFException || e instanceof SocketException || m.contains("unexpected end of stream")
                || m.contains("connection reset") || m.contains("broken pipe") || m.contains("end of input");
    }
}
