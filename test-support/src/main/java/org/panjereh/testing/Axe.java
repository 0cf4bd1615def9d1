package org.panjereh.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * axe-core 4.14.1 (MPL-2.0, shipped in this jar with its licence) for browser tests: run {@link #script()} in the
 * page, then {@link #RUN_WCAG_AA} as an asynchronous script (Selenium's {@code executeAsyncScript}); it answers the
 * WCAG 2.0/2.1/2.2 A and AA violations, one line each, an empty list when there are none.
 */
public final class Axe {

    /** The asynchronous script that runs axe with the WCAG A and AA rules and answers the violations as lines. */
    public static final String RUN_WCAG_AA = "var done = arguments[arguments.length - 1];"
            + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
            + ".then(function (r) { done(r.violations.map(function (v) { return v.id + ': ' + v.help + ' — '"
            + " + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); })); })"
            + ".catch(function (e) { done(['axe failed: ' + e]); });";

    private Axe() {
    }

    /** @return axe-core's source, to run in the page before {@link #RUN_WCAG_AA} */
    public static String script() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is missing from panjereh-test-support");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
