package org.panjereh.spring.boot.internal;

import org.panjereh.core.PanjerehConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or malformed {@code panjereh.*} key into Spring Boot's "APPLICATION FAILED TO START" report. */
public final class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<PanjerehConfigurationException> {

    /** Created by Spring Boot. */
    public ConfigurationFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PanjerehConfigurationException cause) {
        return new FailureAnalysis("Panjereh is not configured: " + cause.getMessage(),
                "Set or correct the panjereh.* key named above in application.yml, application.properties or the"
                        + " environment (PANJEREH_PLATFORM_ISSUER for panjereh.platform.issuer); docs/live-platform.md lists"
                        + " every key.", cause);
    }
}
