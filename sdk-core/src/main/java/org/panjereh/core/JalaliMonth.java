package org.panjereh.core;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.panjereh.core.shared.Digits;

/**
 * A month of the Solar Hijri calendar, as reports count them (contract section 13): {@code 1405-09} on the wire,
 * «آذر ۱۴۰۵» for a person. Its bounds are instants in Tehran time, so something that happened at 23:50 on the last
 * day of Azar counts in Azar whatever the server's zone.
 *
 * <pre>{@code
 * JalaliMonth last = JalaliMonth.containing(clock.instant()).previous();
 * Instant from = last.start(), to = last.end();   // [from, to)
 * }</pre>
 */
public final class JalaliMonth implements Comparable<JalaliMonth> {

    private static final Pattern WIRE = Pattern.compile("([0-9]{4})-([0-9]{2})");

    private final int year;
    private final int month;

    private JalaliMonth(int year, int month) {
        this.year = year;
        this.month = month;
    }

    /**
     * @param year  Solar Hijri year, 1206 to 1498 (the range ICU's rule matches the calendar authority)
     * @param month 1 (Farvardin) to 12 (Esfand)
     * @return the month
     * @throws IllegalArgumentException if either is out of range
     */
    public static JalaliMonth of(int year, int month) {
        if (year < 1206 || year > 1498 || month < 1 || month > 12) {
            throw new IllegalArgumentException("No Jalali month " + year + "-" + month);
        }
        return new JalaliMonth(year, month);
    }

    /**
     * Parses {@code yyyy-mm}; Persian and Arabic-Indic digits are read as ASCII.
     *
     * @param text e.g. {@code 1405-09} or {@code ۱۴۰۵-۰۹}
     * @return the month
     * @throws IllegalArgumentException if it is not a month
     */
    public static JalaliMonth parse(CharSequence text) {
        Matcher m = WIRE.matcher(Digits.toAscii(text.toString().strip()));
        if (!m.matches()) {
            throw new IllegalArgumentException("A Jalali month is yyyy-mm, e.g. 1405-09");
        }
        return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * @param instant a moment
     * @return the month it falls in, in Tehran time
     */
    public static JalaliMonth containing(Instant instant) {
        JalaliDate d = JalaliDate.of(instant);
        return new JalaliMonth(d.year(), d.month());
    }

    /** Solar Hijri year. */
    public int year() {
        return year;
    }

    /** 1 (Farvardin) to 12 (Esfand). */
    public int month() {
        return month;
    }

    /** The first moment of the month: midnight of its first day in Tehran. */
    public Instant start() {
        return JalaliDate.of(year, month, 1).toLocalDate().atStartOfDay(JalaliDate.TEHRAN).toInstant();
    }

    /** The first moment after the month (exclusive bound): the start of {@link #next()}. */
    public Instant end() {
        return next().start();
    }

    /** Whether the instant falls in this month, Tehran time. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    /** The month after. */
    public JalaliMonth next() {
        return month == 12 ? of(year + 1, 1) : of(year, month + 1);
    }

    /** The month before. */
    public JalaliMonth previous() {
        return month == 1 ? of(year - 1, 12) : of(year, month - 1);
    }

    /** For a person: «آذر ۱۴۰۵». */
    public String toPersianString() {
        return JalaliDate.of(year, month, 1).monthName() + " " + Digits.toPersian(Integer.toString(year));
    }

    @Override
    public int compareTo(JalaliMonth o) {
        return year != o.year ? Integer.compare(year, o.year) : Integer.compare(month, o.month);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JalaliMonth other && other.year == year && other.month == month;
    }

    @Override
    public int hashCode() {
        return year * 16 + month;
    }

    /** The wire form, {@code 1405-09}. */
    @Override
    public String toString() {
        return String.format("%04d-%02d", year, month);
    }
}
