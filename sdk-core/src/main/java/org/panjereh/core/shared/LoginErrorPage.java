package org.panjereh.core.shared;

/**
 * The Persian page a person sees when a login is refused, the same from every adapter (Servlet, Jakarta REST,
 * Spring): right to left, no script, a way back to the portal's home page.
 */
public final class LoginErrorPage {

    /** Its content type. */
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private LoginErrorPage() {
    }

    /**
     * @param persian what to tell the person (escaped here), with the error id
     * @return the page
     */
    public static String html(String persian) {
        return "<!doctype html><html lang=\"fa\" dir=\"rtl\"><head>"
                + "<meta charset=\"utf-8\"><title>خطا</title></head><body><main><h1>ورود انجام نشد</h1><p role=\"alert\">"
                + Html.escape(persian)
                + "</p><p><a href=\"/\">بازگشت به صفحهٔ اصلی</a></p></main></body></html>";
    }
}
