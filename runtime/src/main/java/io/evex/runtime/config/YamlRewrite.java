package io.evex.runtime.config;

import io.evex.runtime.vocabulary.FormerKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites former keys in YAML text line by line, so that every comment, blank line and the order
 * of keys stay as the user wrote them. A former key must sit on a line of its own in block style
 * ({@code cooldown_ms: 500 # note}); anything else (flow style {@code {a: 1, b: 2}}, a value over
 * several lines) is refused with its line, and the caller leaves the file unchanged.
 */
final class YamlRewrite {

    /** indent, optional "- " of a list item, the key (perhaps quoted), its value, a trailing comment. */
    private static final Pattern KEY_LINE =
            Pattern.compile("^(\\s*)(-\\s+)?([\"']?)([A-Za-z0-9_.-]+)\\3\\s*:(\\s+[^#{\\[]*?)?\\s*(#.*)?$");

    private static final Pattern PLAIN = Pattern.compile("^[A-Za-z0-9_./@+-][A-Za-z0-9_./@+:-]*$");

    private YamlRewrite() {}

    /** Thrown when a change cannot be made by editing lines. */
    static final class CannotRewrite extends Exception {
        CannotRewrite(String message) {
            super(message);
        }
    }

    /** The text with every change made. */
    static String apply(String text, List<FormerKeys.Change> changes) throws CannotRewrite {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>(List.of(text.split("\\R", -1)));
        // Each original line becomes a list of output lines: empty = deleted.
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            out.add(new ArrayList<>(List.of(line)));
        }
        boolean[] touched = new boolean[lines.size() + 1];
        for (FormerKeys.Change change : changes) {
            rewrite(change, lines, out, touched);
        }
        List<String> result = new ArrayList<>();
        out.forEach(result::addAll);
        return String.join(newline, result);
    }

    private static void rewrite(FormerKeys.Change change, List<String> lines, List<List<String>> out, boolean[] touched)
            throws CannotRewrite {
        List<String> keys = change.renamed().formerKeys();
        int target = -1;
        Matcher targetMatch = null;
        for (int i = 0; i < keys.size(); i++) {
            int line = change.lines().get(i);
            if (line < 1 || line > lines.size()) {
                throw new CannotRewrite("cannot find '" + keys.get(i) + "' in the file");
            }
            Matcher m = KEY_LINE.matcher(lines.get(line - 1));
            if (!m.matches() || !m.group(4).equals(keys.get(i))) {
                throw new CannotRewrite("line " + line + ": '" + keys.get(i)
                        + "' is not on a line of its own (flow style or a value over several lines)");
            }
            // The list item's first key ("- host: x") keeps the dash: the new key goes there.
            if (target < 0 || (m.group(2) != null && !touched[line])) {
                target = line;
                targetMatch = m;
            }
        }
        String indent = targetMatch.group(1) + (targetMatch.group(2) == null ? "" : targetMatch.group(2));
        String childIndent = " ".repeat(indent.length());
        String comment = targetMatch.group(6) == null || touched[target] ? "" : " " + targetMatch.group(6);
        List<String> written = render(change.renamed().key(), change.renamed().value(), childIndent);
        written.set(
                0, (touched[target] ? childIndent : indent) + written.get(0).substring(childIndent.length()) + comment);
        for (int i = 0; i < keys.size(); i++) {
            int line = change.lines().get(i);
            if (line != target && !touched[line]) {
                out.get(line - 1).clear();
                touched[line] = true;
            }
        }
        if (touched[target]) {
            out.get(target - 1).addAll(written);
        } else {
            out.set(target - 1, written);
            touched[target] = true;
        }
    }

    /** {@code key: value} at {@code indent}; a map becomes a nested block, a list a flow list. */
    private static List<String> render(String key, Object value, String indent) {
        List<String> lines = new ArrayList<>();
        if (value instanceof Map<?, ?> block) {
            lines.add(indent + key + ":");
            block.forEach((k, v) -> lines.addAll(render(String.valueOf(k), v, indent + "  ")));
        } else {
            lines.add(indent + key + ": " + scalar(value));
        }
        return lines;
    }

    private static String scalar(Object value) {
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(v -> items.add(scalar(v)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = String.valueOf(value);
        boolean looksLikeOther = text.matches("(?i)true|false|yes|no|on|off|null|~|[-+]?[0-9.]+(e[-+]?[0-9]+)?");
        if (PLAIN.matcher(text).matches() && !looksLikeOther) {
            return text;
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
