package org.panjereh.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every line logged through java.util.logging while attached (the SDK logs through {@link System.Logger},
 * which lands there, and Quarkus routes its logs there too), formatted as the console would show it.
 */
public final class LogCapture extends Handler {

    private final SimpleFormatter format = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Starts capturing at the root logger. */
    public void attach() {
        Logger.getLogger("").addHandler(this);
    }

    /** Stops capturing. */
    public void detach() {
        Logger.getLogger("").removeHandler(this);
    }

    /** @return the lines captured so far, formatted */
    public List<String> lines() {
        return lines;
    }

    /**
     * @param text what to look for
     * @return how many captured lines contain it
     */
    public long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    @Override
    public void publish(LogRecord r) {
        lines.add(format.format(r));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
