package io.evex.exporters.media;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.ShellWords;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import io.evex.api.media.VideoExporter;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoRequest;
import io.evex.api.media.VideoTrack;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a GStreamer pipeline per channel with {@code gst-launch-1.0}, as CVEDIA-RT's RTMP and other
 * GStreamer outputs are written: the pipeline's {@code appsrc name=cvedia-rt} becomes
 * {@code fdsrc fd=0 ! h264parse ! avdec_h264}, and the channel's H.264 (re-encoded at the size and
 * rate asked, or the camera's own) is written to the program's stdin as an Annex B stream, so the
 * rest of the pipeline gets decoded video exactly where CVEDIA-RT's appsrc would have given it.
 * At the end of a stream stdin is closed ({@code -e}: the pipeline finishes its files), then the
 * program gets {@code timeout} before it is killed. A pipeline that stops (its RTMP server went
 * away, say) is started again at a key frame, on the project's back-off (1 s doubling to 30 s).
 */
final class GstreamerExporter implements Exporter, VideoExporter {

    static final String PACKAGES = "gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good "
            + "gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav";
    private static final Pattern APPSRC =
            Pattern.compile("appsrc\\s+name\\s*=\\s*\"?cvedia-rt\"?(\\s+[\\w-]+\\s*=\\s*[^!\\s]+)*");

    private ExporterContext context;
    private VideoRequest request;
    private List<String> pipeline;
    private String launcher;
    private long timeoutMs;
    /** 1 s doubling to 30 s, ±10% so that channels feeding one server do not retry in step. */
    private static final Backoff BACKOFF = Backoff.ofMillis(1_000, 30_000).withJitter(0.1);

    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final Map<String, VideoTrack> tracks = new ConcurrentHashMap<>();
    private final Map<String, Backoff.Schedule> restarts = new ConcurrentHashMap<>();

    /** One running pipeline and what converts the channel's packets for it. */
    private record Feed(Process process, OutputStream stdin, AnnexB annexB) {}

    @Override
    public void start(ExporterContext ctx) throws ExportException {
        this.context = ctx;
        this.request = VideoSettings.request(ctx.settings());
        this.timeoutMs = ctx.settings().getDuration("timeout").toMillis();
        this.pipeline = pipeline(ctx.settings().getString("pipeline"));
        this.launcher = find("gst-launch-1.0");
        if (launcher == null) {
            throw new PermanentExportException(
                    "gst-launch-1.0 is not installed; on Debian: apt-get install " + PACKAGES);
        }
    }

    /** The pipeline's words, with the appsrc replaced by the stdin source; checked at start. */
    static List<String> pipeline(String written) throws PermanentExportException {
        String text = written.trim();
        if (text.startsWith("gstreamer:///")) {
            text = text.substring("gstreamer:///".length());
        }
        Matcher m = APPSRC.matcher(text);
        if (!m.find()) {
            throw new PermanentExportException(
                    "setting 'pipeline': it must contain 'appsrc name=cvedia-rt' as its source, got: " + written);
        }
        String fed = text.substring(0, m.start()) + "fdsrc fd=0 ! h264parse ! avdec_h264" + text.substring(m.end());
        try {
            return ShellWords.split(fed);
        } catch (IllegalArgumentException e) {
            throw new PermanentExportException("setting 'pipeline': " + e.getMessage());
        }
    }

    private static String find(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    @Override
    public VideoRequest videoRequest() {
        return request;
    }

    @Override
    public void deliver(Event event) {
        // Video exporters take no events.
    }

    @Override
    public void open(VideoTrack track) throws ExportException {
        if (!"h264".equals(track.codec())) {
            throw new PermanentExportException("channel '" + track.channel() + "': the pipeline is fed H.264, got "
                    + track.codec() + " (set a width or fps to have it re-encoded)");
        }
        close(track.channel());
        tracks.put(track.channel(), track);
        restarts.put(track.channel(), BACKOFF.schedule(Ticker.SYSTEM));
        launch(track);
    }

    /** Starts the pipeline of a channel. */
    private void launch(VideoTrack track) throws ExportException {
        List<String> command = new ArrayList<>();
        command.add(launcher);
        command.add("-q");
        command.add("-e");
        command.addAll(pipeline);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            logOutput(track.channel(), p);
            feeds.put(track.channel(), new Feed(p, p.getOutputStream(), new AnnexB(track.extradata(), track.annexB())));
            context.logger()
                    .info(
                            "channel '{}' into GStreamer (pid {}): {}",
                            track.channel(),
                            p.pid(),
                            String.join(" ", pipeline));
        } catch (IOException e) {
            Duration wait = restarts.get(track.channel()).failed();
            throw new RetriableExportException(
                    "cannot start gst-launch-1.0 (next attempt in " + wait.toMillis() + " ms): " + e.getMessage());
        }
    }

    /** The program's messages go to the log, under the exporter's name. */
    private void logOutput(String channel, Process p) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            context.logger().warn("[gst {}] {}", channel, line);
                        }
                    } catch (IOException ignored) {
                        // the program is gone
                    }
                },
                "gst-" + channel);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void write(VideoPacket packet) throws ExportException {
        Feed feed = feeds.get(packet.channel());
        if (feed == null) {
            VideoTrack track = tracks.get(packet.channel());
            Backoff.Schedule schedule = restarts.get(packet.channel());
            if (track == null || !packet.keyframe() || !schedule.due()) {
                return; // the next start waits for its back-off and a key frame, so what it gets decodes
            }
            launch(track);
            context.counter("pipeline_restarts").increment();
            feed = feeds.get(packet.channel());
        }
        try {
            feed.stdin().write(feed.annexB().convert(packet.data(), packet.keyframe()));
            context.counter("packets").increment();
        } catch (IOException e) {
            String why = feed.process().isAlive()
                    ? e.getMessage()
                    : "it exited with code " + feed.process().exitValue();
            feeds.remove(packet.channel());
            feed.process().destroyForcibly();
            Duration wait = restarts.get(packet.channel()).failed();
            context.counter("pipeline_failures").increment();
            throw new RetriableExportException("GStreamer pipeline of channel '" + packet.channel() + "' stopped: "
                    + why + "; started again in " + wait.toMillis() + " ms at a key frame");
        }
    }

    @Override
    public void close(String channel) {
        tracks.remove(channel);
        restarts.remove(channel);
        Feed feed = feeds.remove(channel);
        if (feed == null) {
            return;
        }
        try {
            feed.stdin().close(); // end of stream: with -e the pipeline finishes its output
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!feed.process().waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                context.logger()
                        .warn("GStreamer pipeline of channel '{}' did not finish in {} ms; killed", channel, timeoutMs);
                feed.process().destroyForcibly();
            }
        } catch (InterruptedException e) {
            feed.process().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        List.copyOf(feeds.keySet()).forEach(this::close);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = new TreeMap<>();
        feeds.forEach(
                (channel, feed) -> status.put("pid." + channel, feed.process().pid()));
        return status;
    }
}
