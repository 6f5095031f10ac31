package io.evex.runtime.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Former;
import io.evex.api.Setting;
import io.evex.api.SettingType;
import io.evex.api.SettingsSpec;
import io.evex.api.ShellWords;
import io.evex.api.Subscriptions;
import io.evex.api.delivery.Backoff;
import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.negotiation.NegotiationException;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.runtime.template.DynamicString;
import io.evex.runtime.vocabulary.DurationKeys;
import io.evex.runtime.vocabulary.FormerKeys;
import io.evex.schemas.JsonDocuments;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import io.evex.schemas.SchemaValidator;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@code exporter.json} files and turns each into an {@link ExporterDescriptor}: the schema
 * first, then what a schema cannot say (defaults within range, a combobox default among its
 * options, the command's tags, negotiable events). An invalid descriptor is refused with every
 * problem (file, line, pointer, reason); the others still load.
 */
public final class DescriptorLoader {

    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]*";

    /** Every top-level key of the descriptor format. */
    private static final Set<String> KEYS = Set.of(
            "name",
            "id",
            "description",
            "events",
            "command",
            "environment",
            "settings",
            "delivery",
            "restart",
            "queue",
            "batch",
            "framing",
            "shutdown_grace");

    /** A descriptor's former key names. */
    static final FormerKeys FORMERS = FormerKeys.none()
            .at("/restart", RetrySettings.FORMERS)
            .at("/batch", Former.millis("max_delay_ms", "max_delay"))
            .at("", Former.millis("shutdown_grace_ms", "shutdown_grace"));

    private static final Logger LOG = LoggerFactory.getLogger(DescriptorLoader.class);

    /** The descriptor file name, as CVEDIA-RT's exporters directory has it. */
    public static final String FILE_NAME = "exporter.json";

    /** Restarts of a program unless its descriptor says otherwise: 0.5 s doubling to 30 s. */
    static final Backoff DEFAULT_RESTART = Backoff.ofMillis(500, 30_000);

    private static final Set<String> SKIPPED_DIRS =
            Set.of("target", "node_modules", ".git", "src", "out", "__pycache__");

    private final SchemaValidator validator;
    private final Negotiator negotiator;

    public DescriptorLoader(SchemaValidator validator, Negotiator negotiator) {
        this.validator = validator;
        this.negotiator = negotiator;
    }

    /** What a search found. */
    public record Found(List<ExporterDescriptor> descriptors, List<Problem> problems) {}

    /** Every descriptor under {@code dirs} (three levels deep), valid ones and problems. */
    public Found findAll(List<Path> dirs) {
        List<ExporterDescriptor> descriptors = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path file : files(dirs)) {
            try {
                ExporterDescriptor d = load(file);
                Path earlier = seen.putIfAbsent(d.name(), file);
                if (earlier != null) {
                    problems.add(new Problem(
                            file.toString(),
                            0,
                            "/name",
                            "exporter name '" + d.name() + "' is already used by " + earlier
                                    + "; this descriptor is ignored"));
                } else {
                    descriptors.add(d);
                }
            } catch (ProblemException e) {
                problems.addAll(e.problems());
            }
        }
        return new Found(descriptors, problems);
    }

    private static List<Path> files(List<Path> dirs) {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                Files.walkFileTree(dir, Set.of(), 4, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        return !d.equals(dir)
                                        && SKIPPED_DIRS.contains(d.getFileName().toString())
                                ? FileVisitResult.SKIP_SUBTREE
                                : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                        if (f.getFileName().toString().equals(FILE_NAME)) {
                            files.add(f);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // an unreadable folder holds no descriptor we could use; the others still load
            }
        }
        files.sort(null);
        return files;
    }

    /** The file's document in the current key names, known keys only, valid against its schema. */
    private JsonNode checked(Path file, String source) throws ProblemException {
        JsonNode doc = JsonDocuments.read(file);
        for (FormerKeys.Change change : FORMERS.apply(doc, source)) {
            LOG.warn("{}", change.warning(source));
        }
        List<Problem> problems = new ArrayList<>(unknownKeys(doc, source));
        if (problems.isEmpty()) {
            problems.addAll(validator.validate("exporter-descriptor.schema.json", doc, source, 0));
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(problems);
        }
        return doc;
    }

    /** Loads and checks one descriptor file. */
    public ExporterDescriptor load(Path file) throws ProblemException {
        String source = file.toString();
        JsonNode doc = checked(file, source);
        List<Problem> problems = new ArrayList<>();
        String displayName = doc.get("name").asText();
        String name = kindId(doc, file);
        SettingsSpec settings = settings(doc.path("settings"), source, problems);
        Subscriptions events = Subscriptions.fromJson(doc.get("events"), "");
        try {
            negotiator.negotiate(name, events);
        } catch (NegotiationException e) {
            problems.add(new Problem(source, JsonDocuments.lineOf(doc.get("events")), "/events", e.getMessage()));
        }
        List<String> command = command(doc.get("command"), source, problems);
        checkCommandTags(command, settings, doc.get("command"), source, problems);
        JsonNode restart = doc.path("restart");
        Backoff restartBackoff = null;
        try {
            restartBackoff = RetrySettings.readBackoff(restart, DEFAULT_RESTART);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(source, JsonDocuments.lineOf(restart), "/restart", e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(problems);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        doc.path("environment")
                .fields()
                .forEachRemaining(f -> environment.put(f.getKey(), f.getValue().asText()));
        JsonNode queue = doc.path("queue");
        JsonNode batch = doc.path("batch");
        return new ExporterDescriptor(
                file,
                name,
                displayName,
                doc.path("description").asText(""),
                events,
                command,
                environment,
                settings,
                "at-least-once".equals(doc.path("delivery").asText())
                        ? ExporterDescriptor.Delivery.AT_LEAST_ONCE
                        : ExporterDescriptor.Delivery.FIRE_AND_FORGET,
                ExporterDescriptor.Restart.fromConfig(restart.path("policy").asText("on-failure")),
                restartBackoff,
                QueueSettings.Overrides.read(queue),
                batch.path("max_events").asInt(1),
                DurationKeys.millis(batch, "max_delay", 0),
                "newline".equals(doc.path("framing").asText()) ? (byte) '\n' : 0,
                DurationKeys.millis(doc, "shutdown_grace", 5_000));
    }

    /**
     * The kind id: {@code id} when given; else the {@code name} when it is a valid id (CVEDIA-RT's
     * names may be anything, "JSON Exporter"); else the folder's name, made a valid id.
     */
    static String kindId(JsonNode doc, Path file) {
        if (doc.hasNonNull("id")) {
            return doc.get("id").asText();
        }
        String name = doc.path("name").asText();
        if (name.matches(ID)) {
            return name;
        }
        Path folder = file.toAbsolutePath().getParent().getFileName();
        String slug = (folder == null ? name : folder.toString())
                .replaceAll("[^A-Za-z0-9._-]+", "-")
                .replaceAll("^[^A-Za-z0-9]+", "");
        return slug.isEmpty() ? "exporter" : slug;
    }

    /**
     * Keys the descriptor format does not have: a close miss of a known key is an error with a
     * suggestion; anything else is said once and left out (CVEDIA-RT's files may carry keys of their own).
     */
    private static List<Problem> unknownKeys(JsonNode doc, String source) {
        List<Problem> problems = new ArrayList<>();
        if (!doc.isObject()) {
            return problems;
        }
        List<String> unknown = new ArrayList<>();
        doc.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                unknown.add(key);
            }
        });
        for (String key : unknown) {
            String close = KEYS.stream()
                    .filter(k -> Similar.distance(k, key.toLowerCase()) <= Math.max(1, Math.min(2, key.length() / 4)))
                    .findFirst()
                    .orElse(null);
            if (close != null) {
                problems.add(new Problem(
                        source,
                        JsonDocuments.lineOf(doc.get(key)),
                        "/" + key,
                        "unknown key '" + key + "': did you mean '" + close + "'?"));
            } else {
                LOG.warn("{}: key '{}' is not part of Evex's descriptor format; ignored", source, key);
                ((ObjectNode) doc).remove(key);
            }
        }
        return problems;
    }

    private static SettingsSpec settings(JsonNode node, String source, List<Problem> problems) {
        List<Setting> settings = new ArrayList<>();
        node.fields().forEachRemaining(f -> {
            JsonNode s = f.getValue();
            String pointer = "/settings/" + f.getKey();
            SettingType type = SettingType.fromJsonName(s.get("type").asText());
            JsonNode def = s.get("default");
            Object defaultValue = def == null || def.isNull()
                    ? null
                    : def.isBoolean()
                            ? (Object) def.asBoolean()
                            : def.isIntegralNumber()
                                    ? (Object) def.asLong()
                                    : def.isNumber() ? (Object) def.asDouble() : def.asText();
            List<String> options = new ArrayList<>();
            s.path("options").forEach(o -> options.add(o.asText()));
            Double min = s.has("min") ? s.get("min").asDouble() : null;
            Double max = s.has("max") ? s.get("max").asDouble() : null;
            if (min != null && max != null && min > max) {
                problems.add(new Problem(
                        source,
                        JsonDocuments.lineOf(s),
                        pointer,
                        "min (" + s.get("min") + ") is larger than max (" + s.get("max") + ")"));
            }
            Setting setting = new Setting(
                    f.getKey(),
                    type,
                    s.path("label").asText(f.getKey()),
                    defaultValue,
                    min,
                    max,
                    options,
                    s.path("description").asText(""),
                    s.path("secret").asBoolean(false)); // masked in the API, status and logs
            if (defaultValue != null) {
                try {
                    SettingsSpec.of(setting).resolve(Map.of());
                } catch (io.evex.api.SettingsException e) {
                    problems.add(new Problem(
                            source,
                            JsonDocuments.lineOf(def),
                            pointer + "/default",
                            "the default does not fit the setting: " + e.getMessage()));
                }
            }
            settings.add(setting);
        });
        return SettingsSpec.of(settings);
    }

    private static List<String> command(JsonNode node, String source, List<Problem> problems) {
        if (node.isArray()) {
            List<String> args = new ArrayList<>();
            node.forEach(a -> args.add(a.asText()));
            return args;
        }
        try {
            List<String> args = ShellWords.split(node.asText());
            if (args.isEmpty()) {
                problems.add(new Problem(source, JsonDocuments.lineOf(node), "/command", "the command is blank"));
            }
            return args;
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(source, JsonDocuments.lineOf(node), "/command", e.getMessage()));
            return List.of();
        }
    }

    /** A command may use {settings.x} (and literal braces); anything that needs an event cannot be resolved at start. */
    private static void checkCommandTags(
            List<String> command, SettingsSpec settings, JsonNode node, String source, List<Problem> problems) {
        Map<String, Object> keys = new LinkedHashMap<>();
        settings.settings().forEach(s -> keys.put(s.key(), ""));
        for (String arg : command) {
            try {
                DynamicString.compile(arg, keys, new DynamicString.Counters(), Clock.systemUTC(), false);
                if (arg.contains("{obj.")) {
                    problems.add(new Problem(
                            source,
                            JsonDocuments.lineOf(node),
                            "/command",
                            "'" + arg + "': a command is started once, not per event, so it cannot use {obj...} tags"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(source, JsonDocuments.lineOf(node), "/command", e.getMessage()));
            }
        }
    }
}
