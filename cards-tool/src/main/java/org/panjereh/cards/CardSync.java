package org.panjereh.cards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.panjereh.core.PlatformException;
import org.panjereh.core.ServiceRegistryClient;
import org.panjereh.core.shared.Json;

/**
 * Compares an agency's YAML cards with what the national registry holds, and submits the ones that changed with
 * {@code If-Match} of the version read, so a change made meanwhile by someone else is a conflict, never overwritten.
 */
public final class CardSync {

    /** How a card stands against the registry. */
    public enum Kind {
        /** The registry holds the same card. */
        UNCHANGED,
        /** The registry holds another version of it. */
        CHANGED,
        /** The registry has no such service: ask for an id with {@code ServiceRegistryClient.newServiceId} first. */
        UNKNOWN
    }

    /**
     * One card compared.
     *
     * @param file    the file
     * @param kind    how it stands
     * @param members the top-level members that differ
     * @param etag    the registry's version of it, or {@code null}
     */
    public record Change(CardDirectory.CardFile file, Kind kind, List<String> members, String etag) {
        /** Freezes the members. */
        public Change {
            members = List.copyOf(members);
        }
    }

    private final ServiceRegistryClient registry;

    /** @param registry the registry's write side */
    public CardSync(ServiceRegistryClient registry) {
        this.registry = registry;
    }

    /**
     * @param cards valid cards (invalid ones are skipped)
     * @return each valid card compared with the registry's
     */
    public List<Change> diff(CardDirectory cards) {
        List<Change> out = new ArrayList<>();
        for (CardDirectory.CardFile f : cards.files()) {
            if (!f.valid()) {
                continue;
            }
            ServiceRegistryClient.Versioned held;
            try {
                held = registry.read(f.card().serviceId());
            } catch (PlatformException e) {
                if (e.statusCode() == 404) {
                    out.add(new Change(f, Kind.UNKNOWN, List.of(), null));
                    continue;
                }
                throw e;
            }
            List<String> members = differences(Json.MAPPER.valueToTree(f.card()), Json.MAPPER.valueToTree(held.card()));
            out.add(new Change(f, members.isEmpty() ? Kind.UNCHANGED : Kind.CHANGED, members, held.etag()));
        }
        return out;
    }

    /**
     * Submits every changed card.
     *
     * @param changes what {@link #diff} found
     * @return the registry's answer for each card submitted
     * @throws org.panjereh.core.ServiceCardException on a conflict or a card the registry finds incomplete
     */
    public List<ServiceRegistryClient.Submission> submit(List<Change> changes) {
        List<ServiceRegistryClient.Submission> out = new ArrayList<>();
        for (Change c : changes) {
            if (c.kind() == Kind.CHANGED) {
                out.add(registry.submit(c.file().card(), c.etag()));
            }
        }
        return out;
    }

    private static List<String> differences(JsonNode mine, JsonNode theirs) {
        ObjectNode a = ((ObjectNode) mine).deepCopy();
        ObjectNode b = ((ObjectNode) theirs).deepCopy();
        for (ObjectNode n : List.of(a, b)) {
            n.remove("version");
            n.remove("status");
        }
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!java.util.Objects.equals(a.get(n), b.get(n))) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * What {@link #publish} did.
     *
     * @param submitted the service ids submitted
     * @param invalid   the files kept back because they are not valid, with the members at fault
     * @param unknown   the service ids the registry does not know (ask for an id first)
     */
    public record Publication(List<String> submitted, List<String> invalid, List<String> unknown) {
        /** Freezes the lists. */
        public Publication {
            submitted = List.copyOf(submitted);
            invalid = List.copyOf(invalid);
            unknown = List.copyOf(unknown);
        }
    }

    /**
     * Makes the registry follow a directory of cards, as a portal does at start: every valid card that differs is
     * submitted with {@code If-Match}; invalid cards and unknown services are named and left alone.
     *
     * @param dir a directory of YAML cards
     * @return what was submitted and what was kept back
     * @throws org.panjereh.core.PanjerehException when the registry cannot be read or refuses a submission
     */
    public Publication publish(java.nio.file.Path dir) {
        CardDirectory cards = CardDirectory.load(dir);
        List<String> invalid = new ArrayList<>();
        cards.files().stream().filter(f -> !f.valid()).forEach(f -> invalid.add(f.file().getFileName() + " "
                + f.problems().stream().map(org.panjereh.core.ServiceCardValidator.Problem::member).toList()));
        List<Change> changes = diff(cards);
        List<String> unknown = changes.stream().filter(c -> c.kind() == Kind.UNKNOWN)
                .map(c -> c.file().card().serviceId().value()).toList();
        List<String> submitted = submit(changes).stream().map(x -> x.serviceId().value()).toList();
        return new Publication(submitted, invalid, unknown);
    }
}
