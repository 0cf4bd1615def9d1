package org.panjereh.spring.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformClient;
import org.panjereh.survey.VisitCounter;
import org.panjereh.survey.VisitCounterFilter;
import org.panjereh.survey.VisitReporter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * The portal's visitors (ضوابط فنی، ماده ۳۶; contract §6 {@code /visits}): a {@link VisitCounter} counting the pages
 * browsers open (a servlet filter on every path), and a {@link VisitReporter} started and stopped with the context,
 * sending a period every {@code panjereh.visits.interval} (one hour) and the last one at shutdown. Visitors are known
 * only by a keyed hash under a daily key derived from {@code panjereh.visits.key-file} (32 bytes or more, Base64 or
 * raw); without it a key is drawn at start, and a visitor who comes back after a restart the same day counts again.
 * {@code panjereh.visits.enabled=false} turns it off; each bean is replaced by one of the application's own.
 */
@AutoConfiguration(after = PanjerehAutoConfiguration.class)
@ConditionalOnClass(VisitCounter.class)
@ConditionalOnProperty(prefix = "panjereh.visits", name = "enabled", matchIfMissing = true)
public class PanjerehVisitsAutoConfiguration {

    private static final System.Logger LOG = System.getLogger(PanjerehVisitsAutoConfiguration.class.getName());

    /** Creates the configuration. */
    public PanjerehVisitsAutoConfiguration() {
    }

    /**
     * @param properties {@code panjereh.visits.key-file}
     * @return the counter
     */
    @Bean
    @ConditionalOnMissingBean
    public VisitCounter panjerehVisitCounter(PanjerehProperties properties) {
        Path file = properties.getVisits().getKeyFile();
        byte[] key;
        if (file == null) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
            LOG.log(System.Logger.Level.INFO, "panjereh.visits.key-file is not set: visitors are hashed under a key drawn at "
                    + "start, so one who returns after a restart on the same day counts twice");
        } else {
            key = readKey(file);
        }
        return VisitCounter.builder(key).build();
    }

    private static byte[] readKey(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PanjerehConfigurationException("panjereh.visits.key-file: cannot read " + file, e);
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(new String(raw, java.nio.charset.StandardCharsets.US_ASCII).strip());
            if (decoded.length >= 32) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // not Base64: the file's bytes are the key
        }
        if (raw.length < 32) {
            throw new PanjerehConfigurationException("panjereh.visits.key-file: " + file + " holds fewer than 32 bytes of key");
        }
        return raw;
    }

    /**
     * @param platform   the platform
     * @param counter    the counter
     * @param properties {@code panjereh.visits.interval}
     * @return the reporter, started with the context and closed (sending the last period) with it
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean({PlatformClient.class, VisitCounter.class})
    public VisitReporter panjerehVisitReporter(PlatformClient platform, VisitCounter counter, PanjerehProperties properties) {
        return VisitReporter.builder(platform, counter).interval(properties.getVisits().getInterval()).build();
    }

    /** The filter, in a servlet application. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"org.springframework.boot.web.servlet.FilterRegistrationBean", "jakarta.servlet.Filter"})
    static class Servlet {

        /**
         * @param counter the counter
         * @return the filter's registration, on every path
         */
        @Bean
        @ConditionalOnMissingBean(name = "panjerehVisitCounterFilter")
        @ConditionalOnBean(VisitCounter.class)
        org.springframework.boot.web.servlet.FilterRegistrationBean<VisitCounterFilter> panjerehVisitCounterFilter(
                VisitCounter counter) {
            return new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new VisitCounterFilter(counter));
        }
    }
}
