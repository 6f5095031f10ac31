package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.evex.schemas.JsonDocuments;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} (or {@code ${env:NAME:-default}}) in any string of a configuration file is
 * the variable's value, as the OpenTelemetry Collector writes it; {@code $${} is a literal
 * {@code ${}. Only files: values that arrive over the API or the cluster topic are never
 * substituted, so a remote writer cannot read the runtime's environment.
 */
final class EnvSubstitution {

    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\$\\{|\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private EnvSubstitution() {}

    /** Substitutes in place; every unset variable without a default is a problem naming its line. */
    static void apply(JsonNode root, String source, Function<String, String> env) throws ProblemException {
        List<Problem> problems = new ArrayList<>();
        walk(root, "", source, env, problems);
        if (!problems.isEmpty()) {
            throw new ProblemException(problems);
        }
    }

    private static void walk(
            JsonNode node, String pointer, String source, Function<String, String> env, List<Problem> problems) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = pointer + "/" + e.getKey();
                if (e.getValue().isTextual()) {
                    substitute(e.getValue(), at, source, env, problems).ifPresent(e::setValue);
                } else {
                    walk(e.getValue(), at, source, env, problems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                String at = pointer + "/" + i;
                if (item.isTextual()) {
                    int index = i;
                    substitute(item, at, source, env, problems).ifPresent(v -> array.set(index, v));
                } else {
                    walk(item, at, source, env, problems);
                }
            }
        }
    }

    private static Optional<JsonNode> substitute(
            JsonNode text, String pointer, String source, Function<String, String> env, List<Problem> problems) {
        String value = text.asText();
        if (!value.contains("${")) {
            return Optional.empty();
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "${";
            } else {
                String found = env.apply(m.group(1));
                if (found == null && m.group(2) == null) {
                    problems.add(new Problem(
                            source,
                            JsonDocuments.lineOf(text),
                            pointer,
                            "environment variable " + m.group(1) + " is not set (write ${env:" + m.group(1)
                                    + ":-default} for a default)"));
                    return Optional.empty();
                }
                replacement = found == null ? m.group(3) : found;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return Optional.of(TextNode.valueOf(out.toString()));
    }
}
