package org.panjereh.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A driving-licence agency's portal («درخواست مجوز رانندگی», service 30301000001 of agency 3030) on
 * {@code panjereh-spring-boot-starter}: everything national comes from the starter's beans, everything the agency
 * decides (its pages, its data, who its staff are) is ordinary Spring code.
 *
 * <pre>{@code java -jar examples/spring-portal/target/spring-portal.jar}</pre>
 */
@SpringBootApplication
@EnableScheduling
public class SpringPortalApplication {

    /** Created by Spring. */
    public SpringPortalApplication() {
    }

    /**
     * Starts the portal.
     *
     * @param args Spring Boot arguments, e.g. {@code --server.port=8080}
     */
    public static void main(String[] args) {
        SpringApplication.run(SpringPortalApplication.class, args);
    }
}
