package org.panjereh.inquiry;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves an {@link ExchangeProvider} in any Servlet 6 container: map it at {@code /exchange/*} (the part of the path
 * after the mapping is the service name) and register {@code https://portal.example/exchange/} as the provider's
 * endpoint. Only {@code POST} is served; the body is read up to 64 KiB and no further.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new ExchangeProviderServlet(provider)), "/exchange/*");
 * }</pre>
 */
public class ExchangeProviderServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String[] HEADERS = {"authorization", "x-client-agency", "x-purpose", "x-tracking-id", "x-user-ref",
        "x-request-id"};

    private final transient ExchangeProvider provider;

    /** @param provider the provider to serve */
    public ExchangeProviderServlet(ExchangeProvider provider) {
        this.provider = provider;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo().replaceAll("^/+|/+$", "");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : HEADERS) {
            String v = req.getHeader(h);
            if (v != null) {
                headers.put(h, v);
            }
        }
        byte[] body;
        boolean tooLarge = req.getContentLengthLong() > ExchangeProvider.MAX_BODY;
        if (tooLarge) {
            body = new byte[0];
        } else {
            try (InputStream in = req.getInputStream()) {
                body = in.readNBytes(ExchangeProvider.MAX_BODY + 1);
            }
            tooLarge = body.length > ExchangeProvider.MAX_BODY;
        }
        ExchangeProvider.Outgoing out = provider.handle(new ExchangeProvider.Incoming(path, req.getContentType(), headers,
                tooLarge ? new byte[0] : body, tooLarge));
        resp.setStatus(out.status());
        out.headers().forEach(resp::setHeader);
        resp.setContentLength(out.body().length);
        resp.getOutputStream().write(out.body());
    }
}
