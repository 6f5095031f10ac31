package com.example.evex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Counter;
import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.RetriableExportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/** Counts events; rewrites the summary file whenever the runtime asks for a flush. */
public class EventCounter implements Exporter {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Map<String, Long>> counts = new TreeMap<>();
    private ExporterContext context;
    private Path file;
    private Counter total;

    @Override
    public void start(ExporterContext context) {
        this.context = context;
        this.file = context.workingDirectory().resolve(context.settings().getString("path"));
        this.total = context.counter("counted");
    }

    @Override
    public void deliver(Event event) {
        counts.computeIfAbsent(event.type(), t -> new TreeMap<>()).merge(event.channel(), 1L, Long::sum);
        total.increment();
    }

    @Override
    public void flush() throws ExportException {
        ObjectNode summary = mapper.createObjectNode();
        summary.put("total", total.get());
        summary.set("by_type", mapper.valueToTree(counts));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            mapper.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), summary);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RetriableExportException("cannot write " + file, e);
        }
    }

    @Override
    public void stop() {
        if (context != null) {
            context.logger().info("counted {} events", total.get());
        }
    }
}
