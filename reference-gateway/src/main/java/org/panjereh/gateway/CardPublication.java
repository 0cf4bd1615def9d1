package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.panjereh.cards.CardSync;
import org.panjereh.core.ServiceRegistryClient;

/**
 * The gateway's service cards live as YAML in its repository ({@code reference-gateway/cards}, or
 * {@code gateway.cards-dir}); at start each one that differs from what the registry holds is submitted with
 * {@code If-Match} of the version read (contract section 3), so the registry follows the repository. An invalid card,
 * a conflict or a refusal is logged and leaves the registry as it was.
 */
@Singleton
public class CardPublication {

    private static final Logger LOG = Logger.getLogger(CardPublication.class.getName());

    @Inject
    Platform platform;
    private final Optional<Path> configured = GatewaySettings.current().cardsDir();

    /** The cards directory: configured, or {@code cards} / {@code reference-gateway/cards} from the working directory. */
    Optional<Path> directory() {
        if (configured.isPresent()) {
            return configured;
        }
        return List.of(Path.of("cards"), Path.of("reference-gateway", "cards")).stream().filter(Files::isDirectory).findFirst();
    }

    /** Submits the changed cards of the directory, if there is one. */
    void publishAtStart() {
        directory().ifPresent(dir -> {
            try {
                int n = sync(dir);
                LOG.info(() -> "Service cards: " + n + " submitted from " + dir);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Service cards from {0} were not submitted: {1}", new Object[] {dir, e.toString()});
            }
        });
    }

    /**
     * @param dir a directory of YAML cards
     * @return how many cards were submitted
     */
    int sync(Path dir) {
        CardSync.Publication done = new CardSync(ServiceRegistryClient.builder(platform.client()).build()).publish(dir);
        done.invalid().forEach(f -> LOG.warning(() -> "Service card " + f + " is not valid and stays unsubmitted"));
        done.unknown().forEach(id -> LOG.warning(() -> "Service card " + id
                + " names a service the registry does not know; ask for an id first"));
        return done.submitted().size();
    }
}
