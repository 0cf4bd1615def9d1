package org.panjereh.core.shared;

/** HTML text escaping for the server-rendered pages of the sandbox and the survey. */
public final class Html {

    private Html() {
    }

    /**
     * @param s text, or {@code null}
     * @return the text safe inside an element or a quoted attribute; empty for {@code null}
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
