package org.panjereh.survey;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Objects;

/**
 * Counts the portal's page views in a {@link VisitCounter}: {@code GET} requests of a browser asking for a page
 * ({@code Accept: text/html}), so stylesheets, images, health checks and JSON calls are not visits. The client's
 * address and browser are hashed by the counter at once and never kept.
 */
public final class VisitCounterFilter implements Filter {

    private final VisitCounter counter;

    /** @param counter where page views are counted */
    public VisitCounterFilter(VisitCounter counter) {
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest h && isPageView(h)) {
            counter.record(h.getRemoteAddr(), h.getHeader("User-Agent"));
        }
        chain.doFilter(request, response);
    }

    /**
     * @param h a request
     * @return whether it is a browser opening a page
     */
    static boolean isPageView(HttpServletRequest h) {
        String accept = h.getHeader("Accept");
        return "GET".equals(h.getMethod()) && accept != null && accept.contains("text/html");
    }
}
