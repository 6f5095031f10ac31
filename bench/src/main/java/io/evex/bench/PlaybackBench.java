package io.evex.bench;

import io.evex.runtime.Evex;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Playback by time one day back, as a player starts it: a day of 2 s segments indexed (43 200
 * hard links of one real recorded segment), a running Evex serving them, and for spans at
 * different moments of that day the time from asking for {@code playback.m3u8} to holding its first
 * segment; the spans listing of the whole day and a 10 s {@code clip.mp4} next to it.
 */
final class PlaybackBench {

    private static final String ADMIN = "playback-bench-admin-0123456789";
    private static final long DAY = 86_400_000L;

    private final Path dir;
    private final int runs;
    private final HttpClient http = HttpClient.newHttpClient();

    PlaybackBench(Path dir, int runs) {
        this.dir = dir;
        this.runs = runs;
    }

    void all() throws Exception {
        VideoBench video = new VideoBench(dir, runs);
        Path in = video.input();
        Path root = dir.resolve("rec-day");
        long dayAgo = System.currentTimeMillis() - DAY;
        if (!Files.exists(root.resolve(".recordings/bench.jsonl"))) {
            prepare(video, in, root, dayAgo);
        } else {
            dayAgo = Long.parseLong(Files.readString(root.resolve("day-start")).trim());
        }
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(List.of(ChannelSettings.of("bench", in.toString())
                        .withMotion(VideoBench.off())
                        .withStatistics(0)))
                .plus(
                        List.of(),
                        List.of(),
                        ExportOption.parseAll(
                                List.of("mp4:path=" + root
                                        + "/live-{sys.count}.mp4,segment=2s,retain.continuous=30d,min_free="),
                                List.of()))
                .withHttp(new HttpSettings(true, "127.0.0.1", 0, ADMIN, dir.resolve(".evex-playback")));
        Evex evex = new Evex(config, false).start();
        try {
            measure(evex.http().baseUri().resolve("api/v1/channels/bench/"), dayAgo);
        } finally {
            evex.close(10_000);
        }
    }

    /** Playback start, the day's spans and a clip, each at another hour of that day. */
    private void measure(URI base, long dayAgo) throws Exception {
        double[] start = new double[runs];
        double[] spans = new double[runs];
        double[] clip = new double[runs];
        for (int run = -1; run < runs; run++) { // the first is a warm-up
            long at = dayAgo + (run + 2) * 3_600_000L + 700; // another hour of that day each time
            long t0 = System.nanoTime();
            String playlist = text(base.resolve("recordings/playback.m3u8?from=" + at + "&to=" + (at + 60_000)));
            String first = playlist.lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no segment in\n" + playlist));
            byte[] segment = bytes(base.resolve("recordings/playback.m3u8").resolve(first));
            double ms = (System.nanoTime() - t0) / 1e6;
            if (segment.length < 1000) {
                throw new IllegalStateException("a segment of " + segment.length + " bytes");
            }
            t0 = System.nanoTime();
            String listed = text(base.resolve("recordings?from=" + dayAgo + "&to=" + System.currentTimeMillis()));
            double listMs = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            byte[] mp4 = bytes(base.resolve("clip.mp4?from=" + at + "&to=" + (at + 10_000)));
            double clipMs = (System.nanoTime() - t0) / 1e6;
            if (run >= 0) {
                start[run] = ms;
                spans[run] = listMs;
                clip[run] = clipMs;
            }
            if (run == runs - 1) {
                System.out.printf("(the day's listing: %,d bytes; the clip: %,d bytes)%n", listed.length(), mp4.length);
            }
        }
        System.out.printf(
                "playback start one day back (playlist + first segment)              %8.1f ms (goal < 300)%n",
                RecordingBench.median(start));
        System.out.printf(
                "spans and gaps of that day (43 200 segments)                         %8.1f ms%n",
                RecordingBench.median(spans));
        System.out.printf(
                "clip.mp4 of 10 s one day back                                        %8.1f ms%n",
                RecordingBench.median(clip));
    }

    /** A day of 2 s segments: one real recorded segment, hard-linked 43 200 times, and their index. */
    private static void prepare(VideoBench video, Path in, Path root, long dayAgo) throws Exception {
        System.out.println("indexing a day of 2 s segments (43 200 hard links of one) ...");
        Files.createDirectories(root.resolve(".recordings"));
        Path one = root.resolve("one.mp4");
        video.cliCpu(
                "-i",
                in.toString(),
                "-c",
                "copy",
                "-t",
                "2",
                "-movflags",
                "frag_keyframe+empty_moov+default_base_moof",
                one.toString());
        StringBuilder lines = new StringBuilder();
        long bytes = Files.size(one);
        Files.createDirectories(root.resolve("day"));
        for (int i = 0; i < 43_200; i++) {
            Path f = root.resolve("day/" + i + ".mp4");
            Files.createLink(f, one);
            long s = dayAgo + i * 2_000L;
            lines.append("{\"file\":\"day/")
                    .append(i)
                    .append(".mp4\",\"start\":")
                    .append(s)
                    .append(",\"end\":")
                    .append(s + 2_000)
                    .append(",\"bytes\":")
                    .append(bytes)
                    .append(",\"events\":false,\"motion\":false}\n");
        }
        Files.writeString(root.resolve(".recordings/bench.jsonl"), lines, StandardCharsets.UTF_8);
        Files.writeString(root.resolve("day-start"), Long.toString(dayAgo));
    }

    private String text(URI uri) throws Exception {
        return new String(bytes(uri), StandardCharsets.UTF_8);
    }

    private byte[] bytes(URI uri) throws Exception {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + ADMIN)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    uri + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }
}
