package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The gateway's YAML cards follow the repository into the registry: nothing when equal, one submission per change. */
@QuarkusTest
class CardPublicationTest {

    @Inject
    CardPublication cards;

    @Test
    void theRepositorysCardsAreAtTheRegistryAndAChangedOneIsSubmittedOnce() throws Exception {
        assertEquals(Path.of("cards"), cards.directory().orElseThrow());
        assertEquals(0, cards.sync(Path.of("cards")), "the shipped cards and the YAML agree");
        Path dir = Files.createTempDirectory("cards");
        try (Stream<Path> s = Files.list(Path.of("cards"))) {
            for (Path p : s.toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        Path company = dir.resolve("10101234569.yaml");
        Files.writeString(company, Files.readString(company).replace("web: 960", "web: 961"));
        assertEquals(1, cards.sync(dir));
        assertEquals(0, cards.sync(dir), "submitted once: the registry now holds it");
        Files.writeString(company, Files.readString(company).replace("description:", "descriptionX:"));
        assertEquals(0, cards.sync(dir), "an invalid card is not submitted");
    }
}
