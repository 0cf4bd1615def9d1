package org.panjereh.examples.spring;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The portal's own refusals: an error id the person reads out, in exactly one log line with the reason. */
final class Refusals {

    private static final Logger LOG = LoggerFactory.getLogger("portal.refusals");

    private Refusals() {
    }

    /**
     * @param status the status answered
     * @param code   a stable reason code
     * @param method the method
     * @param path   the path template (never a query or form content)
     * @param cause  why
     * @return the error id
     */
    static String log(int status, String code, String method, String path, Throwable cause) {
        String id = UUID.randomUUID().toString();
        LOG.info("Refused [{}] {} {} at {} {}: {}", id, status, code, method, path, cause.getClass().getSimpleName());
        return id;
    }
}
