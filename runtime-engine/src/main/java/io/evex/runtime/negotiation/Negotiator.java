package io.evex.runtime.negotiation;

import io.evex.api.Subscriptions;
import io.evex.schemas.EventCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Picks the version each subscribed event type is delivered in. */
public final class Negotiator {

    private final EventCatalog catalog;
    private final Map<String, List<Integer>> producible = new LinkedHashMap<>();

    public Negotiator(EventCatalog catalog) {
        this.catalog = catalog;
        catalog.versionsByType().forEach((type, versions) -> {
            int latest = catalog.latest(type);
            List<Integer> reachable = new ArrayList<>();
            for (int v : versions) {
                if (catalog.converters().chain(type, latest, v).isPresent()) {
                    reachable.add(v);
                }
            }
            producible.put(type, List.copyOf(reachable));
        });
    }

    /** The versions Evex can deliver for each type, oldest first. */
    public Map<String, List<Integer>> producible() {
        return producible;
    }

    /**
     * Negotiates every subscription of one exporter.
     *
     * @return the version per type, in a stable order
     * @throws NegotiationException naming every type that has no common version, what was asked
     *     and what exists; the exporter is then refused as a whole
     */
    public Map<String, Integer> negotiate(String exporter, Subscriptions subscriptions) throws NegotiationException {
        Map<String, Integer> result = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (subscriptions.allTypes()) {
            producible.keySet().stream()
                    .filter(type -> !subscriptions.excludedTypes().contains(type))
                    .forEach(type -> result.put(type, catalog.latest(type)));
        }
        subscriptions.versionsByType().forEach((type, asked) -> {
            List<Integer> available = producible.get(type);
            if (available == null) {
                problems.add("event type '" + type + "' does not exist (known types: "
                        + String.join(", ", producible.keySet()) + ")");
                return;
            }
            Integer chosen = asked.stream()
                    .filter(available::contains)
                    .max(Integer::compare)
                    .orElse(null);
            if (chosen == null) {
                problems.add(
                        "event type '" + type + "': asked for version(s) " + asked + ", Evex produces " + available);
            } else {
                result.put(type, chosen);
            }
        });
        if (!problems.isEmpty()) {
            throw new NegotiationException("exporter '" + exporter + "' refused: " + String.join("; ", problems));
        }
        return result;
    }
}
