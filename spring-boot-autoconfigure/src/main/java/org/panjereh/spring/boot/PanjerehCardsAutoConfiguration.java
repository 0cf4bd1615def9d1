package org.panjereh.spring.boot;

import org.panjereh.cards.CardSync;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.ServiceRegistryClient;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The agency's service cards kept as YAML files in its repository (contract §3; ضوابط فنی، ماده ۹): with
 * {@code panjereh.cards.dir} set, the registry is made to follow the directory when the application has started —
 * each valid card that differs is submitted with {@code If-Match}; invalid cards, unknown services and a registry that
 * cannot be reached are logged and never stop the application. The same check runs in CI with
 * {@code panjereh-cards validate|diff DIR}. {@link ServiceRegistryClient} is a bean the application may replace.
 */
@AutoConfiguration(after = PanjerehAutoConfiguration.class)
@ConditionalOnClass(CardSync.class)
@ConditionalOnProperty(prefix = "panjereh.cards", name = "dir")
public class PanjerehCardsAutoConfiguration {

    private static final System.Logger LOG = System.getLogger(PanjerehCardsAutoConfiguration.class.getName());

    /** Creates the configuration. */
    public PanjerehCardsAutoConfiguration() {
    }

    /**
     * @param client the platform
     * @return the registry's write side
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(PlatformClient.class)
    public ServiceRegistryClient panjerehServiceRegistryClient(PlatformClient client) {
        return ServiceRegistryClient.builder(client).build();
    }

    /**
     * @param registry   the registry's write side
     * @param properties {@code panjereh.cards.dir}
     * @return submits the directory's changed cards once the application has started
     */
    @Bean
    @ConditionalOnBean(ServiceRegistryClient.class)
    public ApplicationRunner panjerehCardPublication(ServiceRegistryClient registry, PanjerehProperties properties) {
        return args -> {
            java.nio.file.Path dir = properties.getCards().getDir();
            try {
                CardSync.Publication done = new CardSync(registry).publish(dir);
                LOG.log(System.Logger.Level.INFO, "Service cards from {0}: submitted {1}", dir, done.submitted());
                done.invalid().forEach(f -> LOG.log(System.Logger.Level.WARNING,
                        "Service card {0} is not valid and stays unsubmitted", f));
                done.unknown().forEach(id -> LOG.log(System.Logger.Level.WARNING,
                        "Service card {0} names a service the registry does not know; ask for an id first", id));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Service cards from {0} were not submitted: {1}", dir, e.toString());
            }
        };
    }
}
