package org.panjereh.core;

import com.ibm.icu.util.Calendar;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.panjereh.core.shared.Digits;

/**
 * A date of the Solar Hijri (Jalali) calendar, for what a person reads. The wire always carries
 * RFC 3339 instants; convert with {@link #of(Instant)} (Asia/Tehran) or {@link #from(LocalDate)}.
 *
 * <p>Conversion is ICU4J's Persian calendar, whose 33-year rule matches the calendar authority's leap
 * table for 1206–1498 AP. The 2820-year rule that many libraries use is wrong for 1403/1404 and is
 * not used here.
 */
public final class JalaliDate implements Comparable<JalaliDate> {

    /** The zone for converting instants: Iran, from the JDK's tzdata (no DST since 2022). */
    public static final ZoneId TEHRAN = ZoneId.of("Asia/Tehran");

    private static final String[] MONTHS = {"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر",
        "آبان", "آذر", "دی", "بهمن", "اسفند"};
    private static final Pattern TEXT = Pattern.compile("(\\d{3,4})\\s*[/\\-.]\\s*(\\d{1,2})\\s*[/\\-.]\\s*(\\d{1,2})");
    private static final ULocale PERSIAN = new ULocale("fa_IR@calendar=persian");
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final int year;
    private final int month;
    private final int day;
    private final LocalDate gregorian;

    private JalaliDate(int year, int month, int day, LocalDate gregorian) {
        this.year = year;
        this.month = month;
        this.day = day;
        this.gregorian = gregorian;
    }

    private static Calendar calendar() {
        Calendar cal = Calendar.getInstance(TimeZone.GMT_ZONE, PERSIAN);
        cal.setLenient(false);
        cal.clear();
        return cal;
    }

    /**
     * A Jalali date from its parts.
     *
     * @param year  Solar Hijri year, 1–9999
     * @param month 1 (Farvardin) to 12 (Esfand)
     * @param day   1–31
     * @return the date
     * @throws IllegalArgumentException if no such day exists (e.g. 1402/12/30)
     */
    public static JalaliDate of(int year, int month, int day) {
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            throw new IllegalArgumentException("No such Jalali date: " + year + "/" + month + "/" + day);
        }
        Calendar cal = calendar();
        cal.set(Calendar.EXTENDED_YEAR, year);
        cal.set(Calendar.MONTH, month - 1);
        cal.set(Calendar.DAY_OF_MONTH, day);
        LocalDate g = LocalDate.ofEpochDay(Math.floorDiv(cal.getTimeInMillis(), MILLIS_PER_DAY));
        return new JalaliDate(year, month, day, g);
    }

    /**
     * The Jalali date of a Gregorian date.
     *
     * @param date Gregorian date
     * @return the same day in the Jalali calendar
     */
    public static JalaliDate from(LocalDate date) {
        Calendar cal = calendar();
        cal.setTimeInMillis(date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        return new JalaliDate(cal.get(Calendar.EXTENDED_YEAR), cal.get(Calendar.MONTH) + 1,
                cal.get(Calendar.DAY_OF_MONTH), date);
    }

    /**
     * The Jalali date, in Tehran, of an instant.
     *
     * @param instant a moment
     * @return the calendar day in Iran at that moment
     */
    public static JalaliDate of(Instant instant) {
        return from(LocalDate.ofInstant(instant, TEHRAN));
    }

    /**
     * Parses {@code 1403/12/30}, {@code ۱۴۰۳/۱۲/۳۰} or {@code 1403-12-30}.
     *
     * @param text the date as typed
     * @return the date
     * @throws IllegalArgumentException if the text is not a date or the day does not exist
     */
    public static JalaliDate parse(CharSequence text) {
        if (text == null) {
            throw new IllegalArgumentException("No Jalali date given");
        }
        Matcher m = TEXT.matcher(Digits.toAscii(text).strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a Jalali date (expected yyyy/mm/dd)");
        }
        return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /**
     * Whether a Solar Hijri year is leap (Esfand has 30 days).
     *
     * @param year Solar Hijri year
     * @return true for leap years such as 1403
     */
    public static boolean isLeapYear(int year) {
        return lengthOfMonth(year, 12) == 30;
    }

    /**
     * Days in a month: 31 for months 1–6, 30 for 7–11, 29 or 30 for Esfand.
     *
     * @param year  Solar Hijri year
     * @param month 1–12
     * @return number of days
     */
    public static int lengthOfMonth(int year, int month) {
        if (month <= 6) {
            return 31;
        }
        if (month <= 11) {
            return 30;
        }
        Calendar cal = calendar();
        cal.set(Calendar.EXTENDED_YEAR, year);
        cal.set(Calendar.MONTH, 11);
        cal.set(Calendar.DAY_OF_MONTH, 1);
        return cal.getActualMaximum(Calendar.DAY_OF_MONTH);
    }

    /** Solar Hijri year. */
    public int year() {
        return year;
    }

    /** Month, 1 (Farvardin) to 12 (Esfand). */
    public int month() {
        return month;
    }

    /** Day of month. */
    public int day() {
        return day;
    }

    /** The same day in the Gregorian calendar. */
    public LocalDate toLocalDate() {
        return gregorian;
    }

    /** Persian month name, e.g. اسفند. */
    public String monthName() {
        return MONTHS[month - 1];
    }

    /** For a person: {@code ۳۰ اسفند ۱۴۰۳}. */
    public String toPersianString() {
        return Digits.toPersian(Integer.toString(day)) + " " + monthName() + " " + Digits.toPersian(Integer.toString(year));
    }

    /** Numeric with Persian digits: {@code ۱۴۰۳/۱۲/۳۰}. */
    public String toPersianDigits() {
        return Digits.toPersian(toString());
    }

    @Override
    public int compareTo(JalaliDate o) {
        return gregorian.compareTo(o.gregorian);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JalaliDate other && other.gregorian.equals(gregorian);
    }

    @Override
    public int hashCode() {
        return gregorian.hashCode();
    }

    /** ASCII digits, zero-padded: {@code 1403/12/30}. */
    @Override
    public String toString() {
        return String.format("%04d/%02d/%02d", year, month, day);
    }
}
