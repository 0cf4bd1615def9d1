package org.panjereh.core;

/**
 * The platform answered, and the answer was an error (an RFC 9457 problem or a bare error status).
 *
 * <p>Retryable for 408, 425, 429, 500, 502, 503 and 504; the status and the platform's stable
 * {@link #code()} tell the rest. A 4xx other than those is a mistake in the request and will fail again.
 */
public class PlatformException extends PanjerehException {

    private final PlatformProblem problem;

    /**
     * @param problem the problem the platform sent (or one made from the bare status)
     * @param cause   underlying cause, usually {@code null}
     */
    public PlatformException(PlatformProblem problem, Throwable cause) {
        super(describe(problem), cause, isRetryableStatus(problem.status()));
        this.problem = problem;
    }

    /** @param problem the problem the platform sent */
    public PlatformException(PlatformProblem problem) {
        this(problem, null);
    }

    private static String describe(PlatformProblem p) {
        StringBuilder sb = new StringBuilder("Platform answered ").append(p.status());
        if (p.code() != null) {
            sb.append(' ').append(p.code());
        }
        if (p.title() != null) {
            sb.append(": ").append(p.title());
        }
        if (p.detail() != null) {
            sb.append(" (").append(p.detail()).append(')');
        }
        if (p.requestId() != null) {
            sb.append(" [requestId=").append(p.requestId()).append(']');
        }
        return sb.toString();
    }

    /**
     * Whether an HTTP status means the same request may succeed later.
     *
     * @param status HTTP status code
     * @return true for 408, 425, 429, 500, 502, 503, 504
     */
    public static boolean isRetryableStatus(int status) {
        return status == 408 || status == 425 || status == 429 || status == 500 || status == 502
                || status == 503 || status == 504;
    }

    /** The full problem document. */
    public PlatformProblem problem() {
        return problem;
    }

    /** HTTP status of the answer. */
    public int statusCode() {
        return problem.status();
    }

    /** The platform's stable error code, e.g. {@code tracking.service_unknown}; may be {@code null}. */
    public String code() {
        return problem.code();
    }

    /** The request id of the failed call, for the platform's support desk. */
    public String requestId() {
        return problem.requestId();
    }

    @Override
    public String persianMessage() {
        int s = problem.status();
        if (s == 429) {
            return "تعداد درخواست‌ها بیش از حد مجاز است. لطفاً کمی بعد دوباره تلاش کنید.";
        }
        if (s == 401 || s == 403) {
            return "دسترسی دستگاه به پنجره ملی تأیید نشد.";
        }
        if (s == 404) {
            return "مورد درخواست‌شده در پنجره ملی یافت نشد.";
        }
        return super.persianMessage();
    }
}
