package org.panjereh.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Every line the application logs (java.util.logging, which Quarkus routes its logs through) while it is attached. */
final class LogCapture extends Handler {

    private final SimpleFormatter format = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Starts capturing at the root logger. */
    void attach() {
        Logger.getLogger("").addHandler(this);
    }

    /** Stops capturing. */
    void detach() {
        Logger.getLogger("").removeHandler(this);
    }

    /** @return the lines captured so far, formatted */
    List<String> lines() {
        return lines;
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
