package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Subscriptions;
import io.evex.runtime.analysis.motion.MotionSettings;
import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.runtime.process.ChildEnvironment;
import io.evex.runtime.source.SyntheticSettings;
import io.evex.runtime.vocabulary.DurationKeys;
import io.evex.runtime.vocabulary.FormerKeys;
import io.evex.schemas.JsonDocuments;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import io.evex.schemas.SchemaValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a configuration file: syntax, then {@code config.schema.json}, then the checks a schema
 * cannot express (unique names). Every problem names the file, line and JSON pointer. Relative
 * directories are resolved against the file's folder.
 */
public final class ConfigLoader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private final RemoteBounds bounds;
    private final Path workDir;
    private final SchemaValidator validator;

    public ConfigLoader(SchemaValidator validator) {
        this(validator, RemoteBounds.DEFAULT, Path.of("").toAbsolutePath());
    }

    private ConfigLoader(SchemaValidator validator, RemoteBounds bounds, Path workDir) {
        this.validator = validator;
        this.bounds = bounds;
        this.workDir = workDir;
    }

    /**
     * A loader whose single entries ({@link #channel(JsonNode, String)}, {@link #exporter(JsonNode,
     * String)}: the API's and the cluster topic's) are held to {@code remote} too.
     */
    public ConfigLoader bounded(RemoteBounds remote, Path workingDirectory) {
        return new ConfigLoader(validator, remote, workingDirectory);
    }

    /**
     * Loads and checks a file: {@code ${env:VAR}} substituted, former key names read as the current
     * ones (each with a warning), then the schema.
     */
    public RuntimeConfig load(Path file) throws ProblemException {
        JsonNode root = JsonDocuments.read(file);
        Section section = new Section(file.toString(), file.toAbsolutePath().getParent());
        EnvSubstitution.apply(root, section.source(), name -> {
            ChildEnvironment.secret(name); // read into the configuration: a child program does not inherit it
            return System.getenv(name);
        });
        SecretNames.note(root);
        for (FormerKeys.Change change : migrate(root, section.source())) {
            LOG.warn("{} (evex validate --fix {} rewrites the file)", change.warning(section.source()), file);
        }
        List<Problem> problems = validator.validate("config.schema.json", root, section.source(), 0);
        if (!problems.isEmpty()) {
            throw new ProblemException(problems);
        }
        return new RuntimeConfig(
                dirs(root.path("plugins"), section.base()),
                dirs(root.path("exporter_dirs"), section.base()),
                channels(root.path("channels"), section),
                synthetic(root.path("source")),
                exporters(root.path("exporters"), section),
                FiltersReader.read(root, section),
                HttpSection.read(root.path("http"), section),
                cluster(root.path("cluster"), section),
                Path.of("").toAbsolutePath(),
                RemoteBounds.read(root.path("remote_config"), section),
                OnvifSection.read(root.path("onvif"), section));
    }

    /**
     * Renames the former keys of a configuration document in place (the exporters' settings keep
     * theirs: their kinds rename them when they start); says what changed.
     */
    public static List<FormerKeys.Change> migrate(JsonNode root, String source) throws ProblemException {
        return ConfigFormers.TABLE.apply(root, source);
    }

    /** Former keys of one entry given outside a file (API, cluster topic), each renamed with a warning. */
    private static void migrateEntry(ObjectNode document, String source) throws ProblemException {
        for (FormerKeys.Change change : migrate(document, source)) {
            LOG.warn("{}", change.warning(source));
        }
    }

    /**
     * One channel entry as the configuration file writes it (a cluster's channel registry keeps
     * them so), checked against the configuration's schema; {@code source} names it in problems.
     */
    public ChannelSettings channel(JsonNode entry, String source) throws ProblemException {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.putArray("channels").add(entry);
        migrateEntry(document, source);
        checkInside(document, "/channels/0", source);
        notFromTheEnvironment(entry.path("http_extension"), "/http_extension", "headers_env", source);
        bounds.checkChannel(entry, source);
        List<ChannelSettings> parsed = channels(
                document.path("channels"), new Section(source, Path.of("").toAbsolutePath()));
        if (parsed.isEmpty()) {
            throw new ProblemException(new Problem(source, 0, "/enabled", "the channel is disabled"));
        }
        return parsed.get(0);
    }

    /**
     * One exporter entry as the configuration file writes it (the API's exporters), checked against
     * the configuration's schema; problems point into the entry itself ({@code /settings/path}).
     */
    public ExporterSettings exporter(JsonNode entry, String source) throws ProblemException {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.putArray("exporters").add(entry);
        migrateEntry(document, source);
        checkInside(document, "/exporters/0", source);
        bounds.checkExporter(entry, workDir, source);
        for (java.util.Iterator<String> keys = entry.path("settings").fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.endsWith("_env")) {
                notFromTheEnvironment(entry.path("settings"), "/settings", key, source);
            }
        }
        try {
            return exporter(entry, "", source);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(new Problem(source, 0, "", e.getMessage()));
        }
    }

    /**
     * A channel's {@code zones} and {@code lines} as the configuration writes them (the API's rules),
     * checked against the configuration's schema and read as a channel's would be.
     */
    public ObjectSettings rules(JsonNode rules, String source) throws ProblemException {
        ObjectNode channel = JsonNodeFactory.instance.objectNode();
        channel.put("name", "rules").put("url", "lavfi:nullsrc");
        channel.set("zones", rules.path("zones").isMissingNode() ? channel.arrayNode() : rules.get("zones"));
        channel.set("lines", rules.path("lines").isMissingNode() ? channel.arrayNode() : rules.get("lines"));
        for (String key : List.of("motion_masks", "object_masks", "object_filters")) {
            if (rules.has(key)) {
                channel.set(key, rules.get(key));
            }
        }
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.putArray("channels").add(channel);
        migrateEntry(document, source);
        checkInside(document, "/channels/0", source);
        try {
            return ObjectsReader.read(channel, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(new Problem(source, 0, "", e.getMessage()));
        }
    }

    /**
     * An entry that arrives over the API or the cluster topic cannot name environment variables to
     * read: whoever may write it would read the runtime's secrets (they would travel in a header or
     * to a broker of the writer's choosing). Only a configuration file on disk may.
     */
    private static void notFromTheEnvironment(JsonNode block, String at, String key, String source)
            throws ProblemException {
        if (block.has(key)) {
            throw new ProblemException(new Problem(
                    source,
                    0,
                    at + "/" + key,
                    key + " reads the runtime's environment: it is honoured only in a configuration file on disk,"
                            + " not over the API or the cluster topic"));
        }
    }

    /** Schema problems of one entry wrapped in a document, with pointers into the entry itself. */
    private void checkInside(ObjectNode document, String at, String source) throws ProblemException {
        List<Problem> problems = validator.validate("config.schema.json", document, source, 0);
        if (!problems.isEmpty()) {
            List<Problem> inside = new ArrayList<>();
            for (Problem p : problems) {
                String pointer = p.pointer().startsWith(at) ? p.pointer().substring(at.length()) : p.pointer();
                inside.add(new Problem(p.source(), p.line(), pointer, p.message()));
            }
            throw new ProblemException(inside);
        }
    }

    private static List<ExporterSettings> exporters(JsonNode list, Section at) throws ProblemException {
        List<ExporterSettings> exporters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String pointer = "/exporters/" + i;
            ExporterSettings config;
            try {
                config = exporter(e, pointer, at.source() + ":" + JsonDocuments.lineOf(e));
            } catch (IllegalArgumentException ex) {
                throw at.problem(e, pointer, ex.getMessage());
            }
            if (!names.add(config.name())) {
                throw at.problem(
                        e,
                        pointer + "/name",
                        "exporter name '" + config.name() + "' is used twice: give each instance its own \"name\"");
            }
            exporters.add(config);
        }
        return exporters;
    }

    private static SyntheticSettings synthetic(JsonNode src) {
        if (!src.isObject()) {
            return null;
        }
        List<String> simulated = new ArrayList<>();
        src.path("channels").forEach(c -> simulated.add(c.asText()));
        return new SyntheticSettings(
                simulated.isEmpty() ? SyntheticSettings.DEFAULT.channels() : simulated,
                src.path("events_per_second").asDouble(SyntheticSettings.DEFAULT.eventsPerSecond()));
    }

    private static List<ChannelSettings> channels(JsonNode list, Section at) throws ProblemException {
        List<ChannelSettings> channels = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            if (!c.path("enabled").asBoolean(true)) {
                continue;
            }
            String pointer = "/channels/" + i;
            ChannelSettings settings;
            try {
                settings = channel(c, at.base());
            } catch (IllegalArgumentException e) {
                throw at.problem(c, pointer, e.getMessage());
            }
            if (!names.add(settings.name())) {
                throw at.problem(c, pointer + "/name", "channel name '" + settings.name() + "' is used twice");
            }
            channels.add(settings);
        }
        return List.copyOf(channels);
    }

    /** The {@code cluster} block (its shape checked by the schema), or null when there is none. */
    private static ClusterSettings cluster(JsonNode c, Section at) throws ProblemException {
        if (!c.isObject()) {
            return null;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        c.fields().forEachRemaining(f -> {
            if (f.getValue().isObject()) { // the tls block, as tls.enabled, tls.ca_file, ...
                f.getValue().fields().forEachRemaining(t -> {
                    String v = text(t.getValue());
                    boolean file = t.getKey().endsWith("_file") && !v.isEmpty();
                    kv.put(
                            f.getKey() + "." + t.getKey(),
                            file ? at.base().resolve(v).toString() : v);
                });
            } else {
                kv.put(f.getKey(), text(f.getValue()));
            }
        });
        try {
            return ClusterSettings.of(kv, "cluster");
        } catch (IllegalArgumentException e) {
            // Its messages begin "cluster: <key> ...": point at that key when there is one.
            String key = e.getMessage().replaceFirst("^cluster: ([a-z_]+).*$", "$1");
            String pointer = c.has(key) ? "/cluster/" + key : "/cluster";
            throw at.problem(c.has(key) ? c.get(key) : c, pointer, e.getMessage());
        }
    }

    /** A channel entry; relative file URLs are resolved against the configuration's folder. */
    private static ChannelSettings channel(JsonNode c, Path base) {
        InputsReader.Inputs inputs = InputsReader.read(c, base);
        String url = inputs.main();
        ChannelSettings d = ChannelSettings.of(c.path("name").asText(), url);
        JsonNode cache = c.path("cache");
        JsonNode motion = c.path("motion");
        JsonNode reconnect = c.path("reconnect");
        MotionSettings m = MotionSettings.DEFAULT;
        MotionSettings motionSettings = new MotionSettings(
                motion.path("enabled").asBoolean(m.enabled()),
                motion.path("sensitivity").asDouble(m.sensitivity()),
                motion.path("min_area").asDouble(m.minArea()),
                DurationKeys.millis(motion, "cooldown", m.cooldownMs()),
                motion.path("fps").asDouble(m.fps()),
                motion.path("width").asInt(m.width()));
        return new ChannelSettings(
                d.name(),
                url,
                c.path("loop").asBoolean(d.loop()),
                c.path("realtime").asBoolean(d.realtime()),
                cache.path("frames").asInt(d.cacheFrames()),
                DurationKeys.seconds(cache, "duration", d.cacheSeconds()),
                cache.path("max_mb").asInt(d.cacheMaxMb()),
                motionSettings,
                DurationKeys.millis(reconnect, "initial", d.reconnectInitialMs()),
                DurationKeys.millis(reconnect, "max", d.reconnectMaxMs()),
                DurationKeys.millis(c, "timeout", d.timeoutMs()),
                DurationKeys.millis(c, "statistics_interval", d.statisticsMs()),
                texts(c.path("exporters")),
                ObjectsReader.read(c, base),
                ClipsReader.retention(c),
                ClipsReader.clips(c, base),
                inputs.detect());
    }

    /** A value as text; a list (servers) joined with commas. */
    private static String text(JsonNode value) {
        return value.isArray() ? String.join(",", texts(value)) : value.asText();
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        list.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static List<Path> dirs(JsonNode list, Path base) {
        List<Path> dirs = new ArrayList<>();
        list.forEach(d -> dirs.add(base.resolve(d.asText()).normalize()));
        return dirs;
    }

    private static ExporterSettings exporter(JsonNode e, String pointer, String where) {
        String type = e.path("type").asText();
        String name = e.path("name").asText(type);
        Subscriptions events = e.has("events") ? Subscriptions.fromJson(e.get("events"), pointer + "/events: ") : null;
        Map<String, Object> settings = new LinkedHashMap<>();
        e.path("settings")
                .fields()
                .forEachRemaining(f -> settings.put(f.getKey(), MAPPER.convertValue(f.getValue(), Object.class)));
        // Parsed and checked here, where the file and line are known.
        QueueSettings.Overrides queue =
                e.path("queue").isObject() ? QueueSettings.Overrides.read(e.get("queue")) : null;
        RetrySettings retry =
                e.path("retry").isObject() ? RetrySettings.read(e.get("retry"), RetrySettings.DEFAULT) : null;
        return new ExporterSettings(
                name,
                type,
                e.path("enabled").asBoolean(true),
                events,
                settings,
                queue,
                retry,
                texts(e.path("channels")),
                where,
                false);
    }
}
