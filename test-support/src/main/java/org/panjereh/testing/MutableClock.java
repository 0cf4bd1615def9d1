package org.panjereh.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock tests move by hand, so no test waits for time to pass. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /** A clock at the real current instant. */
    public MutableClock() {
        this(Instant.now());
    }

    /** @param start the first instant */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** @param d how far to move forward */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    /** @param instant the new current instant */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
