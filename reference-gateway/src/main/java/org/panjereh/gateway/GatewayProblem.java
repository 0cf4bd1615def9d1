package org.panjereh.gateway;

/**
 * Something a person did or asked for cannot be done: the status to answer, a stable code for the API,
 * and the Persian sentence the person reads.
 */
public class GatewayProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String persian;
    private final String errorId;

    /**
     * A refusal whose reason is already in one log line under {@code errorId}; the error page shows the id.
     *
     * @param status  the HTTP status
     * @param code    a stable machine-readable code
     * @param persian the sentence shown to the person
     * @param errorId the id the log line carries
     */
    public GatewayProblem(int status, String code, String persian, String errorId) {
        super(code);
        this.status = status;
        this.code = code;
        this.persian = persian;
        this.errorId = errorId;
    }

    /**
     * @param status  the HTTP status
     * @param code    a stable machine-readable code, such as {@code gateway.csrf}
     * @param persian the sentence shown to the person
     */
    public GatewayProblem(int status, String code, String persian) {
        this(status, code, persian, null);
    }

    /** @return the id of the log line that already gives this refusal's reason, or {@code null} (the error page logs one) */
    public String errorId() {
        return errorId;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the machine-readable code */
    public String code() {
        return code;
    }

    /** @return the Persian message */
    public String persian() {
        return persian;
    }
}
