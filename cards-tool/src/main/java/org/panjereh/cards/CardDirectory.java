package org.panjereh.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceCardValidator;
import org.panjereh.core.shared.Json;

/**
 * An agency's service cards kept as YAML files in its own repository (one card per {@code *.yaml} file, with the
 * members of contract section 3), each read and checked by {@link ServiceCardValidator}: what a CI pipeline runs
 * before anything is sent to the registry.
 *
 * <pre>{@code
 * CardDirectory cards = CardDirectory.load(Path.of("cards"));
 * if (!cards.valid()) { cards.files().forEach(f -> System.out.println(f.file() + ": " + f.problems())); }
 * }</pre>
 */
public final class CardDirectory {

    private static final ObjectMapper YAML = new YAMLMapper();

    /**
     * One file.
     *
     * @param file     the file
     * @param card     the card, or {@code null} when the file could not be read as one
     * @param tree     the card as read, for comparing with the registry's, or {@code null}
     * @param problems every problem, empty when the card may be submitted
     */
    public record CardFile(Path file, ServiceCard card, JsonNode tree, List<ServiceCardValidator.Problem> problems) {
        /** Freezes the problems. */
        public CardFile {
            problems = List.copyOf(problems);
        }

        /** Whether the card may be submitted. */
        public boolean valid() {
            return card != null && problems.isEmpty();
        }
    }

    private final Path dir;
    private final List<CardFile> files;

    private CardDirectory(Path dir, List<CardFile> files) {
        this.dir = dir;
        this.files = List.copyOf(files);
    }

    /**
     * Reads every {@code *.yaml} and {@code *.yml} file of a directory, in name order.
     *
     * @param dir the directory
     * @return the cards
     * @throws PanjerehConfigurationException when the directory cannot be listed or holds no card
     */
    public static CardDirectory load(Path dir) {
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new PanjerehConfigurationException("Cannot list the cards directory " + dir + ": " + e.getMessage(), e);
        }
        if (paths.isEmpty()) {
            throw new PanjerehConfigurationException("No *.yaml service cards in " + dir);
        }
        List<CardFile> files = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path p : paths) {
            CardFile f = read(p);
            if (f.card() != null) {
                Path first = seen.putIfAbsent(f.card().serviceId().value(), p);
                if (first != null) {
                    List<ServiceCardValidator.Problem> more = new ArrayList<>(f.problems());
                    more.add(new ServiceCardValidator.Problem("serviceId", "همین شناسه خدمت در " + first.getFileName()
                            + " هم آمده است."));
                    f = new CardFile(p, f.card(), f.tree(), more);
                }
            }
            files.add(f);
        }
        return new CardDirectory(dir, files);
    }

    private static CardFile read(Path p) {
        JsonNode tree;
        try {
            tree = YAML.readTree(p.toFile());
        } catch (IOException e) {
            return new CardFile(p, null, null, List.of(new ServiceCardValidator.Problem("(file)",
                    "فایل YAML خوانا نیست: " + firstLine(e.getMessage()))));
        }
        if (tree == null || !tree.isObject()) {
            return new CardFile(p, null, null, List.of(new ServiceCardValidator.Problem("(file)",
                    "فایل باید یک شناسنامهٔ خدمت (یک شیء YAML) باشد.")));
        }
        try {
            // Times and numbers as JSON has them, so the card compares equal to the registry's.
            JsonNode json = Json.MAPPER.readTree(Json.write(tree));
            ServiceCard card = Json.MAPPER.treeToValue(json, ServiceCard.class);
            if (card.serviceId() == null) {
                throw new IllegalArgumentException("serviceId is missing");
            }
            return new CardFile(p, card, json, ServiceCardValidator.validate(card));
        } catch (IOException | RuntimeException e) {
            return new CardFile(p, null, tree, List.of(new ServiceCardValidator.Problem("(file)",
                    "شناسنامه خوانده نشد: " + firstLine(e.getMessage()))));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** Every file, in name order. */
    public List<CardFile> files() {
        return files;
    }

    /** Whether every card may be submitted. */
    public boolean valid() {
        return files.stream().allMatch(CardFile::valid);
    }
}
