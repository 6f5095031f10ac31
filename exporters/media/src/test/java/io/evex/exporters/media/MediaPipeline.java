package io.evex.exporters.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.Evex;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.video.TestVideos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real runtime with video channels and media exporters (found on the test class path), working in a test folder. */
final class MediaPipeline implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Evex evex;

    MediaPipeline(Path dir, List<ChannelSettings> channels, String... exports) {
        this(dir, null, channels, exports);
    }

    /** The same, with the API's admin token configured (then HLS needs a token too). */
    MediaPipeline(Path dir, String adminToken, List<ChannelSettings> channels, String... exports) {
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(channels)
                .plus(List.of(), List.of(), ExportOption.parseAll(List.of(exports), List.of()))
                .withHttp(new HttpSettings(true, "127.0.0.1", 0, adminToken, dir.resolve(".evex")));
        evex = new Evex(config.withWorkingDirectory(dir), false).start();
        if (!evex.refusals().isEmpty()) {
            evex.close();
            throw new AssertionError("refused: " + evex.refusals());
        }
    }

    Evex evex() {
        return evex;
    }

    /** Waits for every channel to end (files that do not loop). */
    void awaitChannels(long timeoutMs) throws InterruptedException {
        for (var c : evex.channels()) {
            if (!c.await(timeoutMs)) {
                throw new AssertionError("channel " + c.name() + " did not end in " + timeoutMs + " ms");
            }
        }
    }

    ExporterStats stats(String name) {
        return evex.bus().stats().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void close() {
        evex.close(10_000);
    }

    /** ffprobe's view of a file or URL's video stream (frames counted) and format. */
    static JsonNode probe(String target) throws Exception {
        return probe(target, List.of());
    }

    /** The same, with more ffprobe options (a live stream needs {@code -read_intervals %+3} to end). */
    static JsonNode probe(String target, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "ffprobe",
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=codec_name,profile,width,height,r_frame_rate,nb_read_frames:format=duration,format_name",
                "-of",
                "json"));
        command.addAll(options);
        command.add(target);
        JsonNode root = MAPPER.readTree(TestVideos.run(command));
        JsonNode stream = root.path("streams").path(0);
        return MAPPER.createObjectNode()
                .setAll(Map.of(
                        "codec",
                        stream.path("codec_name"),
                        "profile",
                        stream.path("profile"),
                        "width",
                        stream.path("width"),
                        "height",
                        stream.path("height"),
                        "rate",
                        stream.path("r_frame_rate"),
                        "frames",
                        MAPPER.getNodeFactory()
                                .numberNode(stream.path("nb_read_frames").asInt(-1)),
                        "duration",
                        MAPPER.getNodeFactory()
                                .numberNode(root.path("format").path("duration").asDouble(-1)),
                        "format",
                        root.path("format").path("format_name")));
    }
}
