package org.panjereh.core;

/**
 * Panjereh was set up wrongly: a key file that cannot be read, a weak key, an endpoint the platform
 * metadata lacks, an insecure URL. Fix the configuration; retrying will not help.
 */
public class PanjerehConfigurationException extends PanjerehException {

    /** @param message what is wrong and how to fix it */
    public PanjerehConfigurationException(String message) {
        super(message, null, false);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause   underlying failure
     */
    public PanjerehConfigurationException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
