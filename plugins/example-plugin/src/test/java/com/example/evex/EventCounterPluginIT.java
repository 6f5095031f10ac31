package com.example.evex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.Evex;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.exporter.PluginExporters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the plugin from the jar the build just packaged, dropped into a plugins folder, as a user would. */
class EventCounterPluginIT {

    @TempDir
    Path dir;

    private Path dropJar() throws Exception {
        Path jar = Path.of(System.getProperty("plugin.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged plugin jar exists: " + jar);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.createDirectories(plugins.resolve("some-source-folder/src"));
        Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return plugins;
    }

    @Test
    void theJarIsFoundAsAPluginWithItsOwnClassLoader() throws Exception {
        try (PluginExporters found = PluginExporters.load(List.of(dropJar()))) {
            ExporterKind kind = found.kinds().get("event-counter");
            assertTrue(kind != null, "kinds found: " + found.kinds().keySet());
            assertTrue(kind.origin().startsWith("plugin event-counter ("), kind.origin());
            assertTrue(kind.loader() != getClass().getClassLoader(), "loaded by the plugin's class loader");
            assertEquals(List.of(), found.warnings());
        }
    }

    /** A plugin that brings libraries ships as a zip: plugin.properties plus lib/*.jar. */
    private Path dropZip() throws Exception {
        Path jar = Path.of(System.getProperty("plugin.jar"));
        Path plugins = Files.createDirectories(dir.resolve("zipped"));
        try (var zip =
                new java.util.zip.ZipOutputStream(Files.newOutputStream(plugins.resolve("event-counter-1.0.0.zip")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("plugin.properties"));
            zip.write("plugin.id=event-counter\nplugin.version=1.0.0\nplugin.provider=Example Inc.\n".getBytes());
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("lib/" + jar.getFileName()));
            Files.copy(jar, zip);
            zip.closeEntry();
        }
        Files.createDirectories(plugins.resolve("some-source-folder/src"));
        return plugins;
    }

    @Test
    void aZippedPluginIsExpandedAndLoadedAndOtherFoldersAreIgnored() throws Exception {
        eventsFlowThroughTheBusIntoThePlugin(dropZip());
    }

    @Test
    void eventsFlowThroughTheBusIntoThePlugin() throws Exception {
        eventsFlowThroughTheBusIntoThePlugin(dropJar());
    }

    private void eventsFlowThroughTheBusIntoThePlugin(Path plugins) throws Exception {
        RuntimeConfig config = RuntimeConfig.empty()
                .plus(
                        List.of(plugins),
                        List.of(),
                        List.of(ExportOption.parse("event-counter:path=counts.json", List.of())));
        Evex evex = new Evex(config.withWorkingDirectory(dir), true).start();
        assertEquals(List.of(), evex.refusals());
        assertTrue(
                evex.kinds().get("event-counter").origin().startsWith("plugin event-counter ("),
                evex.kinds().toString());
        EventEnvelope envelope = new EventEnvelope();
        for (int i = 0; i < 10; i++) {
            var e = envelope.start("event-motion", 1, i < 7 ? "lobby" : "dock", i, i, 0);
            e.putArray("regions")
                    .addObject()
                    .putObject("box")
                    .put("l", 0)
                    .put("t", 0)
                    .put("w", 1)
                    .put("h", 1);
            evex.bus().publish(e);
        }
        evex.close(5_000);
        JsonNode summary =
                new ObjectMapper().readTree(dir.resolve("counts.json").toFile());
        Files.delete(dir.resolve("counts.json"));
        assertEquals(10, summary.get("total").asInt());
        assertEquals(7, summary.at("/by_type/event-motion/lobby").asInt());
        assertEquals(3, summary.at("/by_type/event-motion/dock").asInt());
    }
}
