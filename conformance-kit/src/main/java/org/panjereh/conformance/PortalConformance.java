package org.panjereh.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the portal a {@link PortalConformanceTest} checks. The system properties
 * {@code panjereh.conformance.portal} and {@code panjereh.conformance.sandbox} override the values here,
 * so one test class serves every CI environment.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PortalConformance {

    /** @return the portal's base URL */
    String portal() default "http://127.0.0.1:8080";

    /** @return the sandbox the portal uses */
    String sandbox() default "http://127.0.0.1:8089";

    /** @return the driver, with a public no-argument constructor */
    Class<? extends PortalDriver> driver() default ReferenceGatewayDriver.class;

    /** @return whether to log in once more in headless Chromium (see {@link ConformanceKit.Builder#chromium}) */
    boolean chromium() default false;

    /** @return where to write the JUnit XML and HTML reports, relative to the working directory */
    String reportDir() default "target/conformance";
}
