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

    /**
     * @param status  the HTTP status
     * @param code    a stable machine-readable code, such as {@code gateway.csrf}
     * @param persian the sentence shown to the person
     */
    public GatewayProblem(int status, String code, String persian) {
        super(code);
        this.status = status;
        this.code = code;
        this.persian = persian;
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
