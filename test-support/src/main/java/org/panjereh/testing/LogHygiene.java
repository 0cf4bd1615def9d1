package org.panjereh.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The rule that no log line holds a token, a national code or a secret, checked for the whole suite:
 * registered for every test by JUnit's extension auto-detection (the build turns it on), it watches every
 * record logged through java.util.logging and fails the test during which an offending line was written,
 * quoting the line with the offending part masked. Tests add the secrets they configure with
 * {@link #forbid(String)}; child processes' output is checked with {@link #offences(String)}.
 *
 * <p>What counts: a compact JWS/JWE ({@code eyJ…}), a Bearer or Basic credential, a {@code client_secret}
 * parameter, any registered value, a run of ten digits (ASCII, Persian or Arabic) that is a valid
 * national code, a run of eleven that is a valid legal entity's national id (شناسه ملی), and a run of twelve (a
 * foreign national's FIDA code, which has no checksum to tell it from another number).
 */
public final class LogHygiene implements BeforeEachCallback, AfterEachCallback {

    private static final Pattern TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)(bearer|basic|dpop)\\s+[A-Za-z0-9._~+/=-]{16,}|client_secret=[^&\\s\"]+");
    /**
     * Ten digits standing alone: not part of a longer number, a decimal (an epoch timestamp such as
     * {@code 1796135948.953}), nor a hex id such as a trace id.
     */
    private static final Pattern TEN_DIGITS = Pattern.compile(
            "(?<![0-9۰-۹٠-٩A-Za-z]|[0-9]\\.)[0-9۰-۹٠-٩]{10}(?![0-9۰-۹٠-٩A-Za-z]|\\.[0-9])");
    /** Eleven digits standing alone, as {@link #TEN_DIGITS}: a legal entity's national id when its check digit holds. */
    private static final Pattern ELEVEN_DIGITS = Pattern.compile(
            "(?<![0-9۰-۹٠-٩A-Za-z]|[0-9]\\.)[0-9۰-۹٠-٩]{11}(?![0-9۰-۹٠-٩A-Za-z]|\\.[0-9])");
    /**
     * Twelve digits standing alone: a FIDA code, which has no public checksum, so its form alone counts. Not after a
     * hyphen: the last group of a UUID (an error id) is twelve hex characters, all of them digits now and then.
     */
    private static final Pattern TWELVE_DIGITS = Pattern.compile(
            "(?<![0-9۰-۹٠-٩A-Za-z-]|[0-9]\\.)[0-9۰-۹٠-٩]{12}(?![0-9۰-۹٠-٩A-Za-z]|\\.[0-9])");
    private static final Set<String> FORBIDDEN = ConcurrentHashMap.newKeySet();
    private static final Watcher WATCHER = new Watcher();

    /** Made by JUnit. */
    public LogHygiene() {
    }

    /**
     * A value no log line may hold from now on (a test's client secret, password or key).
     *
     * @param value the secret; ignored when shorter than 6 characters
     */
    public static void forbid(String value) {
        if (value != null && value.length() >= 6) {
            FORBIDDEN.add(value);
        }
    }

    /**
     * What in one line breaks the rule, masked.
     *
     * @param line a log line, or any output a test's child process printed
     * @return the offending parts, masked, empty when the line is clean
     */
    public static List<String> offences(String line) {
        List<String> found = new ArrayList<>();
        Matcher m = TOKEN.matcher(line);
        while (m.find()) {
            found.add("a token " + mask(m.group()));
        }
        m = CREDENTIAL.matcher(line);
        while (m.find()) {
            found.add("a credential " + mask(m.group()));
        }
        m = TEN_DIGITS.matcher(line);
        while (m.find()) {
            if (isNationalCode(m.group())) {
                found.add("a national code " + mask(m.group()));
            }
        }
        m = ELEVEN_DIGITS.matcher(line);
        while (m.find()) {
            if (isLegalEntityId(m.group())) {
                found.add("a legal entity's national id " + mask(m.group()));
            }
        }
        m = TWELVE_DIGITS.matcher(line);
        while (m.find()) {
            found.add("a FIDA code " + mask(m.group()));
        }
        for (String s : FORBIDDEN) {
            if (line.contains(s)) {
                found.add("a secret " + mask(s));
            }
        }
        return found;
    }

    /** The same check as {@code NationalCode.isValid}, on any digits; repeated digits are not codes. */
    static boolean isNationalCode(String digits) {
        int[] d = new int[10];
        for (int i = 0; i < 10; i++) {
            d[i] = Character.digit(digits.charAt(i), 10);
        }
        if (Arrays.stream(d).allMatch(x -> x == d[0])) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += d[i] * (10 - i);
        }
        int r = sum % 11;
        return d[9] == (r < 2 ? r : 11 - r);
    }

    /** The legal-entity national id's check digit (iranian-identifiers.md), on any digits. */
    static boolean isLegalEntityId(String digits) {
        int[] c = new int[11];
        for (int i = 0; i < 11; i++) {
            c[i] = Character.digit(digits.charAt(i), 10);
        }
        int d = c[9] + 2;
        int[] w = {29, 27, 23, 19, 17};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (c[i] + d) * w[i % 5];
        }
        int r = sum % 11;
        return (r == 10 ? 0 : r) == c[10];
    }

    private static String mask(String s) {
        return s.length() <= 4 ? "****" : s.substring(0, 3) + "…(" + s.length() + " chars)";
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        WATCHER.ensureAttached();
        WATCHER.drain();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> bad = WATCHER.drain();
        if (!bad.isEmpty()) {
            throw new AssertionError("No log line may hold a token, a national code, a FIDA code, a legal entity's id or a secret; during "
                    + context.getDisplayName() + ":\n  " + String.join("\n  ", bad));
        }
    }

    /** The handler at the root logger; Quarkus may replace the root's handlers at start, so it re-attaches. */
    private static final class Watcher extends Handler {
        private final SimpleFormatter format = new SimpleFormatter();
        private final List<String> seen = new ArrayList<>();

        synchronized void ensureAttached() {
            Logger root = Logger.getLogger("");
            if (!Arrays.asList(root.getHandlers()).contains(this)) {
                root.addHandler(this);
            }
        }

        synchronized List<String> drain() {
            List<String> out = new ArrayList<>(seen);
            seen.clear();
            return out;
        }

        @Override
        public void publish(LogRecord r) {
            String line;
            try {
                line = format.format(r);
            } catch (RuntimeException e) {
                line = String.valueOf(r.getMessage());
            }
            List<String> found = offences(line);
            if (!found.isEmpty()) {
                synchronized (this) {
                    seen.add(r.getLoggerName() + ": " + String.join(", ", found));
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
