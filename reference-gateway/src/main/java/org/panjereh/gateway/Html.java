package org.panjereh.gateway;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.PersianText;

/**
 * The gateway's page frame and small HTML helpers. Pages are server-rendered, right to left, with one
 * style sheet and no script, so they work without JavaScript and under a CSP without inline code.
 * Every value put in a page goes through {@link #esc(String)}.
 */
final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(JalaliDate.TEHRAN);

    private Html() {
    }

    /**
     * @param title     the page title
     * @param signedIn  whether to offer the citizen's links and logout
     * @param body      the main content, already escaped
     * @return the page
     */
    static String page(String title, boolean signedIn, String body) {
        return "<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + esc(title) + " | پنجره واحد دستگاه</title>"
                + "<link rel=\"stylesheet\" href=\"/static/gateway.css\"></head><body>"
                + "<a class=\"skip\" href=\"#main\">رفتن به محتوا</a><header><nav aria-label=\"پیمایش اصلی\">"
                + "<a href=\"/\">خدمات</a> <a href=\"/track\">پیگیری درخواست</a> <a href=\"/my\">پیشخوان من</a>"
                + (signedIn ? " <a href=\"/logout\">خروج</a>" : "") + "</nav></header><main id=\"main\">" + body
                + "</main><footer><p>ورود تنها از راه پنجره ملی خدمات دولت هوشمند انجام می‌شود.</p></footer></body></html>";
    }

    /**
     * @param s text, or {@code null}
     * @return the text safe in HTML content and quoted attributes
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * @param t an instant
     * @return its Jalali date and Tehran time in Persian digits, e.g. {@code ۲ آذر ۱۴۰۵، ساعت ۱۴:۰۵}
     */
    static String when(Instant t) {
        return JalaliDate.of(t).toPersianString() + "، ساعت " + PersianText.toPersianDigits(TIME.format(t));
    }

    /**
     * @param token the session's CSRF token
     * @return the hidden field every form carries
     */
    static String csrfField(String token) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(token) + "\">";
    }

    /**
     * @param persian the message
     * @return an alert paragraph
     */
    static String alert(String persian) {
        return "<p class=\"alert\" role=\"alert\">" + esc(persian) + "</p>";
    }
}
