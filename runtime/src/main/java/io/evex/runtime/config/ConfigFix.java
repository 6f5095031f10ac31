package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.SettingsSpec;
import io.evex.runtime.vocabulary.FormerKeys;
import io.evex.schemas.JsonDocuments;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code evex validate --fix}: rewrites a configuration file to the current key names. YAML is
 * edited line by line (comments kept); JSON, which has none, is written again indented. The result
 * is read back and must mean exactly what the original meant, or the file is left as it was.
 * {@code ${env:VAR}} references stay as written: no secret is ever written into the file.
 */
public final class ConfigFix {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConfigFix() {}

    /**
     * Rewrites {@code file}; {@code specOfKind} gives an exporter kind's settings (for their former
     * names), empty for a kind that is not installed.
     *
     * @return what was changed, one warning-style line each; empty when the file was current
     * @throws ProblemException when the file cannot be read, or cannot be rewritten safely
     */
    public static List<String> fix(Path file, Function<String, Optional<SettingsSpec>> specOfKind)
            throws ProblemException {
        String source = file.toString();
        String text = read(file);
        boolean yaml = isYaml(file);
        JsonNode tree = JsonDocuments.parse(text, source, yaml);
        List<FormerKeys.Change> changes = new ArrayList<>(ConfigLoader.migrate(tree, source));
        changes.addAll(settingsTable(tree, specOfKind).apply(tree, source));
        if (changes.isEmpty()) {
            return List.of();
        }
        String fixed;
        if (yaml) {
            try {
                fixed = YamlRewrite.apply(text, changes);
            } catch (YamlRewrite.CannotRewrite e) {
                throw refused(source, e.getMessage());
            }
        } else {
            try {
                fixed = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n";
            } catch (IOException e) {
                throw refused(source, e.getMessage());
            }
        }
        JsonNode reread = JsonDocuments.parse(fixed, source, yaml);
        ConfigLoader.migrate(reread, source);
        if (!plain(reread).equals(plain(tree))) {
            throw refused(source, "the rewritten text would not mean the same");
        }
        write(file, fixed);
        return changes.stream().map(c -> c.warning(source)).toList();
    }

    /** Each exporter entry's settings with the former names its kind declares. */
    private static FormerKeys settingsTable(JsonNode tree, Function<String, Optional<SettingsSpec>> specOfKind) {
        FormerKeys table = FormerKeys.none();
        JsonNode exporters = tree.path("exporters");
        for (int i = 0; i < exporters.size(); i++) {
            Optional<SettingsSpec> spec =
                    specOfKind.apply(exporters.get(i).path("type").asText());
            if (spec.isPresent()) {
                table = table.at("/exporters/" + i + "/settings", spec.get().formers());
            }
        }
        return table;
    }

    private static Object plain(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String read(Path file) throws ProblemException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ProblemException(new Problem(file.toString(), 0, null, "cannot read: " + e.getMessage()));
        }
    }

    /** Through a temporary file beside it, so that a crash leaves the old file or the new one. */
    private static void write(Path file, String text) throws ProblemException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".fix");
        try {
            Files.writeString(tmp, text);
            // The file may hold secrets: the new one is as private as the old.
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ProblemException(new Problem(file.toString(), 0, null, "cannot write: " + e.getMessage()));
        }
    }

    private static ProblemException refused(String source, String why) {
        return new ProblemException(new Problem(
                source,
                0,
                null,
                "not rewritten (" + why + "): the file is unchanged; rename the keys the warnings name"));
    }
}
