package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.video.SourceUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JPG and PNG images at a set rate, read back with ffprobe. */
class ImageExporterTest {

    @TempDir
    Path dir;

    private List<Path> files(String folder) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve(folder))) {
            return s.filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static double meanSize(List<Path> files) throws Exception {
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        return (double) total / files.size();
    }

    @Test
    void imagesComeAtTheRequestedRateSizeAndQuality() throws Exception {
        ChannelSettings once =
                ChannelSettings.of("lobby", SourceUrl.SAMPLE).withLoop(false).withRealtime(false);
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(once),
                "jpg:name=good,path=good/{obj.channel}-{obj.frame_id}.jpg,fps=2,quality=95",
                "jpg:name=small,path=small/{obj.frame_id}.jpg,fps=2,quality=5",
                "png:path=png/{obj.frame_id}.png,fps=1,width=320",
                "jpg:name=latest,path=latest.jpg,fps=5")) {
            p.awaitChannels(30_000);
        }
        List<Path> good = files("good");
        List<Path> small = files("small");
        List<Path> png = files("png");
        // 8 s at 2 images/s: instants 0, 0.5, ... 7.5, and the last frame at 7.96 s may round up to 8.0.
        assertEquals(16.5, good.size(), 0.5, "images: " + good);
        assertEquals(good.size(), small.size());
        assertEquals(8.5, png.size(), 0.5, png.toString());
        assertTrue(good.get(0).getFileName().toString().startsWith("lobby-"), good.toString());
        assertTrue(
                meanSize(small) * 2 < meanSize(good),
                "quality 5 " + meanSize(small) + " B vs quality 95 " + meanSize(good) + " B");

        JsonNode jpg = MediaPipeline.probe(good.get(3).toString());
        assertEquals("mjpeg", jpg.get("codec").asText(), jpg.toString());
        assertEquals(640, jpg.get("width").asInt());
        assertEquals(360, jpg.get("height").asInt());
        JsonNode p = MediaPipeline.probe(png.get(2).toString());
        assertEquals("png", p.get("codec").asText(), p.toString());
        assertEquals(320, p.get("width").asInt());
        assertEquals(180, p.get("height").asInt());
        // A constant path keeps the latest image, always whole.
        assertEquals(
                "mjpeg",
                MediaPipeline.probe(dir.resolve("latest.jpg").toString())
                        .get("codec")
                        .asText());
    }
}
