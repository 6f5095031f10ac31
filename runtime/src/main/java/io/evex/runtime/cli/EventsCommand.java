package io.evex.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.Durations;
import io.evex.api.Exporter;
import io.evex.api.history.EventHistory;
import io.evex.api.history.EventPage;
import io.evex.api.history.EventQuery;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.exporter.ExporterKinds;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.runtime.exporter.LoaderSwap;
import io.evex.runtime.exporter.RuntimeExporterContext;
import io.evex.runtime.process.ProcessHost;
import io.evex.schemas.EventCatalog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code evex events}: the local event store, searched with the API's filters, for people without the console. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = {
            "Searches the event history that evex run keeps (the store exporter, .evex/events.db by default),",
            "with the filters of GET /api/v1/events; prints JSON lines or a table. Works while Evex runs, or not."
        })
final class EventsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "The store's file (default: the configured store's, else .evex/events.db).")
    Path db;

    @Option(
            names = "--from",
            paramLabel = "WHEN",
            description = "Oldest: a time ago (2h, 3d), epoch ms, or a local date/time (2026-12-02T14:00).")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "Newest, the same way (default: now).")
    String to;

    @Option(names = "--channel", split = ",", description = "Channel(s), comma-separated.")
    List<String> channels;

    @Option(names = "--type", description = "An event type (event-area-enter, ...).")
    String type;

    @Option(names = "--zone", description = "A zone's name.")
    String zone;

    @Option(names = "--line", description = "A line's name.")
    String line;

    @Option(names = "--class", description = "An object class (any case).")
    String className;

    @Option(names = "--tracking-id", description = "A tracked object's id.")
    String trackingId;

    @Option(
            names = "--limit",
            defaultValue = "100",
            description = "At most this many events (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--order", defaultValue = "newest", description = "newest (default) or oldest first.")
    String order;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default) or table.")
    String format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!order.equals("newest") && !order.equals("oldest")) {
            throw new ParameterException(spec.commandLine(), "--order is newest or oldest, not '" + order + "'");
        }
        if (!format.equals("jsonl") && !format.equals("table")) {
            throw new ParameterException(spec.commandLine(), "--format is jsonl or table, not '" + format + "'");
        }
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1 or more");
        }
        long now = System.currentTimeMillis();
        long since = from == null ? 0 : when("--from", from, now);
        long until = to == null ? now : when("--to", to, now);
        RuntimeConfig config = pipeline.load();
        Path file = db != null ? db.toAbsolutePath() : storeFile(config);
        if (!Files.isRegularFile(file)) {
            err.println("error: no event store at " + file
                    + ": evex run keeps one there (the store exporter, on by default); or give --db FILE");
            return ExitCodes.INVALID_INPUT;
        }
        try (ExporterKinds found = ExporterKinds.discover(
                config.pluginDirs(), config.exporterDirs(), EventCatalog.load(), new ProcessHost())) {
            ExporterKind kind = found.kinds().get("store");
            if (kind == null) {
                err.println("error: the store plugin (evex-exporter-store) is not installed");
                return ExitCodes.FAILURE;
            }
            try (LoaderSwap swap = LoaderSwap.use(kind.loader())) {
                Exporter store = kind.factory().create();
                store.start(new RuntimeExporterContext(
                        "events",
                        kind.factory().settings().resolve(Map.of("path", file.toString(), "read_only", true)),
                        Map.of(),
                        file.getParent(),
                        Clock.systemUTC()));
                try {
                    print(out, (EventHistory) store, since, until);
                } finally {
                    store.stop();
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, EventHistory store, long since, long until) throws Exception {
        String cursor = null;
        int printed = 0;
        if (format.equals("table")) {
            out.printf(
                    "%-23s  %-12s  %-22s  %-14s  %-10s  %s%n",
                    "time", "channel", "type", "zone/line", "class", "tracking id");
        }
        while (printed < limit) {
            EventPage page = store.query(new EventQuery(
                    since,
                    until,
                    channels == null ? null : new LinkedHashSet<>(channels),
                    type,
                    zone,
                    line,
                    className,
                    trackingId,
                    Math.min(1000, limit - printed),
                    cursor,
                    order.equals("newest")));
            for (String e : page.events()) {
                if (format.equals("jsonl")) {
                    out.println(e);
                } else {
                    row(out, JSON.readTree(e));
                }
            }
            printed += page.events().size();
            if (page.next() == null || page.events().isEmpty()) {
                break;
            }
            cursor = page.next();
        }
    }

    private static void row(PrintWriter out, JsonNode e) {
        String where = e.path("zone").asText(e.path("line").asText(""));
        String cls =
                e.path("object").path("class").asText(e.path("object_class").asText(""));
        out.printf(
                "%-23s  %-12s  %-22s  %-14s  %-10s  %s%n",
                LocalDateTime.ofInstant(
                                Instant.ofEpochMilli(e.path("system_timestamp").asLong()), ZoneId.systemDefault())
                        .toString(),
                e.path("channel").asText(),
                e.path("$id").asText(),
                where,
                cls,
                e.path("tracking_id").asText(""));
    }

    /** The store's file: the configured store's path, else the default, relative to the configuration's folder. */
    private static Path storeFile(RuntimeConfig config) {
        String path = ".evex/events.db";
        for (ExporterSettings e : config.exporters()) {
            if (e.type().equals("store") && e.settings().get("path") != null) {
                path = String.valueOf(e.settings().get("path"));
            }
        }
        return config.workingDirectory().resolve(path).toAbsolutePath().normalize();
    }

    /** {@code 2h} ago, epoch milliseconds, or a local date and time. */
    private long when(String option, String text, long now) {
        try {
            if (text.matches("[0-9]{10,}")) {
                return Long.parseLong(text);
            }
            if (text.matches(Durations.PATTERN)) {
                return now - Durations.parse(text).toMillis();
            }
            if (text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return LocalDate.parse(text)
                        .atStartOfDay(ZoneId.systemDefault())
                        .toInstant()
                        .toEpochMilli();
            }
            return LocalDateTime.parse(text)
                    .atZone(ZoneId.systemDefault())
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    option + " '" + text
                            + "': a time ago (2h, 3d), epoch milliseconds, or a local date/time (2026-12-02T14:00)");
        }
    }
}
