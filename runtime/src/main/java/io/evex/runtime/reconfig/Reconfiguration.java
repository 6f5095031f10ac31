package io.evex.runtime.reconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.SettingsException;
import io.evex.api.media.ImageExporter;
import io.evex.api.media.VideoExporter;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.channel.RunningChannels;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.config.Overrides;
import io.evex.runtime.config.RulesWriter;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.exporter.ExporterAssembler;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes a running runtime: exporters added, changed, enabled, disabled and removed; a channel's
 * zones and lines replaced. Each change is checked as the configuration file would be (the same
 * messages, pointing into the entry), applied without touching the rest (the bus swaps its routes
 * whole; only the channel whose rules change restarts), and kept in the {@link Overrides} file so
 * that the next start has it too.
 */
public final class Reconfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(Reconfiguration.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DRAIN_MS = 10_000;

    private final RuntimeConfig config;
    private final Map<String, ExporterKind> kinds;
    private final ExporterAssembler assembler;
    private final EventBus bus;
    private final RunningChannels channels;
    private final ConfigLoader loader;
    private final Overrides overrides;
    private final Map<String, ObjectNode> exporters = new LinkedHashMap<>();

    /**
     * @param config the configuration the runtime started with
     * @param assembler builds exporters the way the configured ones were
     */
    public Reconfiguration(
            RuntimeConfig config,
            Map<String, ExporterKind> kinds,
            ExporterAssembler assembler,
            EventBus bus,
            RunningChannels channels,
            ConfigLoader loader,
            Overrides overrides) {
        this.config = config;
        this.kinds = kinds;
        this.assembler = assembler;
        this.bus = bus;
        this.channels = channels;
        this.loader = loader;
        this.overrides = overrides;
        for (ExporterSettings c : config.exporters()) {
            exporters.put(c.name(), entryOf(c));
        }
    }

    /**
     * Every exporter as configured now (the disabled ones too), as configuration entries, with
     * secret settings masked.
     */
    public synchronized List<ObjectNode> exporters() {
        List<ObjectNode> list = new ArrayList<>();
        for (ObjectNode e : exporters.values()) {
            ExporterKind kind = kinds.get(e.path("type").asText());
            list.add(MaskedSettings.masked(
                    e, kind == null ? null : kind.factory().settings()));
        }
        return list;
    }

    /**
     * Checks an exporter entry as far as it can be without starting it: the schema, the kind, each
     * setting against the kind's declaration, the events it asks for.
     *
     * @throws ProblemException every problem, each with the JSON pointer of its field in the entry
     */
    public ExporterSettings check(String name, JsonNode entry) throws ProblemException {
        if (!entry.isObject()) {
            throw problem("", "an exporter is a JSON object, as a configuration's exporters[] entry");
        }
        ObjectNode e = ((ObjectNode) entry).deepCopy();
        synchronized (this) {
            MaskedSettings.unmask(e, exporters.get(name)); // a secret sent back masked stays as it was
        }
        if (e.has("name") && !e.get("name").asText().equals(name)) {
            throw problem(
                    "/name", "the entry names exporter '" + e.get("name").asText() + "', the path '" + name + "'");
        }
        e.put("name", name);
        ExporterSettings config = loader.exporter(e, "exporter '" + name + "'");
        ExporterKind kind = kinds.get(config.type());
        if (kind == null) {
            throw problem(
                    "/type",
                    "there is no exporter kind '" + config.type() + "' (available: " + String.join(", ", kinds.keySet())
                            + ")");
        }
        try {
            kind.factory().settings().resolve(config.settings());
        } catch (SettingsException ex) {
            List<Problem> problems = new ArrayList<>();
            ex.bySetting().forEach((key, why) -> problems.add(new Problem("", 0, "/settings/" + key, why)));
            if (problems.isEmpty()) {
                ex.problems().forEach(why -> problems.add(new Problem("", 0, "/settings", why)));
            }
            throw new ProblemException(problems);
        }
        try {
            assembler.negotiate(config);
        } catch (ExporterAssembler.RefusedException ex) {
            throw problem("/events", ex.getMessage());
        }
        return config;
    }

    /**
     * Adds or replaces the exporter {@code name}: checked first; the old instance (if any) leaves the
     * bus and drains, then the new one (when enabled) starts and joins it.
     *
     * @return whether it is new
     * @throws ProblemException when the entry is wrong or the exporter does not start
     */
    public synchronized boolean putExporter(String name, JsonNode entry) throws ProblemException {
        ExporterSettings config = check(name, entry);
        boolean existed = exporters.containsKey(name);
        ObjectNode old = exporters.get(name);
        try {
            bus.remove(name, DRAIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw problem("", "interrupted while the old instance drained");
        }
        if (config.enabled()) {
            try {
                start(config);
            } catch (ProblemException e) {
                if (old != null && old.path("enabled").asBoolean(true)) {
                    restore(name, old);
                }
                throw e;
            }
        }
        ObjectNode stored = ((ObjectNode) entry).deepCopy().put("name", name);
        MaskedSettings.unmask(stored, old);
        exporters.put(name, stored);
        overrides.putExporter(name, stored);
        LOG.info(
                "exporter '{}' {} ({})",
                name,
                existed ? "changed" : "added",
                config.enabled() ? "running" : "disabled");
        return !existed;
    }

    /** Removes the exporter {@code name} (it drains and stops); false when there is none. */
    public synchronized boolean removeExporter(String name) throws InterruptedException {
        if (!exporters.containsKey(name)) {
            return false;
        }
        bus.remove(name, DRAIN_MS);
        exporters.remove(name);
        overrides.removeExporter(name);
        LOG.info("exporter '{}' removed", name);
        return true;
    }

    private void start(ExporterSettings config) throws ProblemException {
        ExporterAssembler.Result result = assembler.assemble(List.of(config));
        if (!result.refusals().isEmpty()) {
            throw problem("", result.refusals().get(0));
        }
        ExporterWorker worker = result.workers().get(0);
        if (worker.exporter() instanceof VideoExporter
                || (worker.exporter() instanceof ImageExporter i && i.imageRequest() != null)) {
            worker.stop(worker.ticker().nanoTime());
            try {
                worker.awaitStopped(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw problem(
                    "/type",
                    "'" + config.type() + "' takes video or pictures, which channels hand out from their start:"
                            + " add it to the configuration and restart");
        }
        bus.add(worker);
    }

    private void restore(String name, ObjectNode old) {
        try {
            start(loader.exporter(old, "exporter '" + name + "'"));
        } catch (ProblemException e) {
            LOG.error("exporter '{}': its previous settings do not start again either: {}", name, e.getMessage());
        }
    }

    /**
     * Adds or replaces the channel {@code name} from its configuration entry: checked first; the old
     * one (if any) stops, the new one starts; the other channels go on.
     *
     * @return whether it is new
     */
    public synchronized boolean putChannel(String name, JsonNode entry) throws ProblemException {
        clusterOwnsChannels();
        if (!entry.isObject()) {
            throw problem("", "a channel is a JSON object, as a configuration's channels[] entry");
        }
        ObjectNode e = ((ObjectNode) entry).deepCopy();
        synchronized (this) {
            MaskedSettings.unmask(e, exporters.get(name)); // a secret sent back masked stays as it was
        }
        if (e.has("name") && !e.get("name").asText().equals(name)) {
            throw problem("/name", "the entry names channel '" + e.get("name").asText() + "', the path '" + name + "'");
        }
        e.put("name", name);
        ChannelSettings settings = loader.channel(e, "channel '" + name + "'");
        boolean existed = channels.restart(settings, 5_000);
        overrides.putChannel(name, e);
        LOG.info("channel '{}' {}", name, existed ? "changed and restarted" : "added");
        return !existed;
    }

    /** Stops and removes the channel {@code name}; false when none runs. */
    public synchronized boolean removeChannel(String name) {
        clusterOwnsChannels();
        if (!channels.stop(name, 5_000)) {
            return false;
        }
        overrides.removeChannel(name);
        LOG.info("channel '{}' removed", name);
        return true;
    }

    private void clusterOwnsChannels() {
        if (config.cluster() != null) {
            throw new IllegalStateException(
                    "this node's channels come from its cluster: change them with PUT/DELETE /api/v1/cluster/channels/{id}");
        }
    }

    /** A running channel's zones and lines, as the configuration writes them. */
    public ObjectNode rules(String channel) {
        return RulesWriter.of(running(channel).settings().objects());
    }

    /**
     * Replaces a channel's zones and lines: checked first, then that channel restarts with them (a
     * file starts over, a camera reconnects); the other channels go on untouched.
     */
    public synchronized ObjectNode putRules(String channel, JsonNode rules) throws ProblemException {
        Channel current = running(channel);
        ObjectSettings parsed = loader.rules(rules, "rules of channel '" + channel + "'");
        ChannelSettings settings =
                current.settings().withObjects(current.settings().objects().withRules(parsed));
        channels.restart(settings, 5_000);
        ObjectNode written = RulesWriter.of(settings.objects());
        overrides.putRules(channel, written);
        LOG.info(
                "channel '{}': {} zone(s), {} line(s); restarted with them",
                channel,
                parsed.zones().size(),
                parsed.lines().size());
        return written;
    }

    private Channel running(String name) {
        return channels.get(name);
    }

    private static ProblemException problem(String pointer, String message) {
        return new ProblemException(new Problem("", 0, pointer, message));
    }

    /** A configured exporter as an entry of the configuration file. */
    private static ObjectNode entryOf(ExporterSettings c) {
        ObjectNode e = JSON.createObjectNode();
        e.put("name", c.name()).put("type", c.type()).put("enabled", c.enabled());
        e.set("settings", JSON.valueToTree(c.settings()));
        if (c.events() != null) {
            ArrayNode events = e.putArray("events");
            String text = c.events().toString();
            for (String part : text.substring(1, text.length() - 1).split(",\\s*")) {
                if (!part.isBlank()) {
                    events.add(part);
                }
            }
        }
        if (!c.channels().isEmpty()) {
            ArrayNode channels = e.putArray("channels");
            c.channels().forEach(channels::add);
        }
        return e;
    }
}
