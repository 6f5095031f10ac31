package io.evex.runtime.vocabulary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Former;
import io.evex.api.Renamed;
import io.evex.schemas.JsonDocuments;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Former key names of a document, by where they may appear ({@code /channels/*}{@code /motion}:
 * {@code *} is any array item or object member). {@link #apply} rewrites a tree to the current
 * names before the schema sees it, and says what it changed, so that a file written the old way
 * reads exactly as the same file written the new way.
 */
public final class FormerKeys {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, List<Former>> byPath;

    private FormerKeys(Map<String, List<Former>> byPath) {
        this.byPath = byPath;
    }

    /** An empty table, to add to with {@link #at}. */
    public static FormerKeys none() {
        return new FormerKeys(new LinkedHashMap<>());
    }

    /** This table and {@code formers} at {@code path} (a pointer pattern). */
    public FormerKeys at(String path, List<Former> formers) {
        Map<String, List<Former>> all = new LinkedHashMap<>(byPath);
        List<Former> list = new ArrayList<>(all.getOrDefault(path, List.of()));
        list.addAll(formers);
        all.put(path, List.copyOf(list));
        return new FormerKeys(all);
    }

    /** This table and {@code formers} at {@code path}. */
    public FormerKeys at(String path, Former... formers) {
        return at(path, List.of(formers));
    }

    /**
     * Renames former keys in place, in document order.
     *
     * @param source names the document in problems
     * @return what changed, each with the line of its first former key
     * @throws ProblemException when a value is given under both names, or cannot be converted
     */
    public List<Change> apply(JsonNode root, String source) throws ProblemException {
        List<Change> changes = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, List<Former>> e : byPath.entrySet()) {
            String[] parts = e.getKey().isEmpty()
                    ? new String[0]
                    : e.getKey().substring(1).split("/");
            visit(
                    root,
                    parts,
                    0,
                    "",
                    (node, pointer) -> rename(node, pointer, e.getValue(), source, changes, problems));
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(problems);
        }
        return changes;
    }

    private interface Visitor {
        void at(ObjectNode node, String pointer);
    }

    private static void visit(JsonNode node, String[] parts, int i, String pointer, Visitor visitor) {
        if (i == parts.length) {
            if (node instanceof ObjectNode object) {
                visitor.at(object, pointer);
            }
            return;
        }
        if (!parts[i].equals("*")) {
            JsonNode child = node.isArray() && parts[i].matches("[0-9]+")
                    ? node.get(Integer.parseInt(parts[i]))
                    : node.get(parts[i]);
            if (child != null) {
                visit(child, parts, i + 1, pointer + "/" + parts[i], visitor);
            }
        } else if (node.isArray()) {
            for (int k = 0; k < node.size(); k++) {
                visit(node.get(k), parts, i + 1, pointer + "/" + k, visitor);
            }
        } else if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                visit(node.get(name), parts, i + 1, pointer + "/" + name, visitor);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void rename(
            ObjectNode node,
            String pointer,
            List<Former> formers,
            String source,
            List<Change> changes,
            List<Problem> problems) {
        Map<String, Object> raw = MAPPER.convertValue(node, Map.class);
        // Lines as read, before any former key is removed (two formers may read the same key).
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> lineOf.put(f.getKey(), JsonDocuments.lineOf(f.getValue())));
        for (Former former : formers) {
            Renamed r;
            try {
                r = former.apply(raw).orElse(null);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(source, JsonDocuments.lineOf(node), pointer, e.getMessage()));
                continue;
            }
            if (r == null) {
                continue;
            }
            List<Integer> lines = new ArrayList<>();
            r.formerKeys().forEach(k -> lines.add(lineOf.getOrDefault(k, 0)));
            int line = lines.get(0);
            JsonNode given = r.formerKeys().contains(r.key()) ? null : node.get(r.key());
            if (given != null && !(given.isObject() && r.value() instanceof Map)) {
                problems.add(new Problem(
                        source,
                        line,
                        pointer + "/" + r.formerKeys().get(0),
                        "given as '" + r.key() + "' and as its former name: keep '" + r.key() + "'"));
                continue;
            }
            changes.add(new Change(pointer, r, lines));
            r.formerKeys().forEach(node::remove);
            JsonNode value = MAPPER.valueToTree(r.value());
            if (given instanceof ObjectNode block) {
                ObjectNode merged = ((ObjectNode) value).deepCopy();
                merged.setAll(block);
                value = merged;
            }
            node.set(r.key(), value);
        }
    }

    /**
     * One rename in the object at {@code pointer}.
     *
     * @param pointer the JSON pointer of the object that held the former keys
     * @param renamed the former keys and what they are now
     * @param lines the line of each former key (0 when unknown)
     */
    public record Change(String pointer, Renamed renamed, List<Integer> lines) {

        public Change {
            lines = List.copyOf(lines);
        }

        /** The line of the first former key. */
        public int line() {
            return lines.isEmpty() ? 0 : lines.get(0);
        }

        /** The warning a user reads, naming the file, line and key. */
        public String warning(String source) {
            return source + (line() > 0 ? ":" + line() : "") + ": " + (pointer.isEmpty() ? "/" : pointer) + ": "
                    + renamed.advice();
        }
    }
}
