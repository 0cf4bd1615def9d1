package org.panjereh.sandbox.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Routes {@code METHOD /path/{var}} patterns to handlers; names each route for fault injection. */
final class Router {

    /** A request handler. */
    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws Exception;
    }

    /**
     * One route.
     *
     * @param method   HTTP method
     * @param segments path segments, {@code {x}} binds a variable, {@code {x*}} binds the rest
     * @param name     stable endpoint name, e.g. {@code tracking.issue}
     * @param handler  the handler
     */
    record Route(String method, String[] segments, String name, Handler handler) {
    }

    /**
     * A match.
     *
     * @param route the route
     * @param vars  bound variables
     */
    record Match(Route route, Map<String, String> vars) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, String name, Handler h) {
        routes.add(new Route(method, split(pattern), name, h));
        return this;
    }

    /** The matching route; {@code null} when no path matches; a 405 problem when only the method differs. */
    Match match(String method, String path) {
        String[] segs = split(path);
        boolean pathMatched = false;
        for (Route r : routes) {
            Map<String, String> vars = bind(r.segments(), segs);
            if (vars == null) {
                continue;
            }
            pathMatched = true;
            if (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET"))) {
                return new Match(r, vars);
            }
        }
        if (pathMatched) {
            throw new Problem(405, "request.method_not_allowed", "Method " + method + " is not allowed here");
        }
        return null;
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("*}")) {
                if (i >= path.length) {
                    return null;
                }
                vars.put(p.substring(1, p.length() - 2), String.join("/", java.util.Arrays.copyOfRange(path, i, path.length)));
                return vars;
            }
            if (i >= path.length) {
                return null;
            }
            if (p.startsWith("{") && p.endsWith("}")) {
                vars.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return pattern.length == path.length ? vars : null;
    }

    private static String[] split(String path) {
        String p = path.replaceAll("^/+|/+$", "");
        return p.isEmpty() ? new String[0] : p.split("/+");
    }
}
