package io.evex.exporters.media;

import io.evex.api.ExportException;
import io.evex.api.ExporterContext;
import io.evex.api.Template;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoTrack;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushes each channel to an RTMP server (FLV over RTMP), e.g. {@code rtmp://host/live/{obj.channel}}.
 * A server that refuses or drops the stream is tried again at a key frame after a back-off that
 * doubles from 1 s to 30 s, so a dead server costs one attempt per back-off, not one per packet.
 */
final class RtmpExporter extends VideoExporterBase {

    /** 1 s doubling to 30 s, ±10% so that channels pushing to one server do not retry in step. */
    private static final Backoff BACKOFF = Backoff.ofMillis(1_000, 30_000).withJitter(0.1);

    private Template url;
    private long timeoutMs;
    private final Map<String, Backoff.Schedule> retry = new ConcurrentHashMap<>();

    @Override
    protected void configure(ExporterContext ctx) {
        url = ctx.template(ctx.settings().getString("url"));
        timeoutMs = ctx.settings().getDuration("timeout").toMillis();
    }

    @Override
    protected PacketMuxer openMuxer(VideoTrack track, VideoPacket first) throws ExportException {
        Backoff.Schedule schedule = schedule(track.channel());
        if (!schedule.due()) {
            return null;
        }
        long now = System.currentTimeMillis();
        String target = url.render(
                new MediaEvent(track.channel(), 0, first.ptsMicros() / 1e6, now, track.width(), track.height()));
        try {
            PacketMuxer muxer =
                    new PacketMuxer("flv", target, track, Map.of("flvflags", "no_duration_filesize"), timeoutMs);
            context.logger().info("pushing channel '{}' to {}", track.channel(), withoutKey(target));
            schedule.succeeded();
            return muxer;
        } catch (ExportException e) {
            Duration wait = schedule.failed();
            context.logger()
                    .warn(
                            "{}; next attempt in {} ms",
                            String.valueOf(e.getMessage()).replace(target, withoutKey(target)),
                            wait.toMillis());
            context.counter("connect_failures").increment();
            return null;
        }
    }

    @Override
    protected String shown(String target) {
        return withoutKey(target);
    }

    /**
     * The target as logs and the status show it: without user information, query, and the last path segment —
     * the stream key, for YouTube, Twitch and most RTMP services, which lets anyone stream as you.
     */
    static String withoutKey(String target) {
        String s = target.replaceFirst("^(\\w+://)[^/]*@", "$1***@").replaceFirst("\\?.*$", "");
        int slash = s.lastIndexOf('/');
        return slash > s.indexOf("//") + 1 && slash < s.length() - 1 ? s.substring(0, slash + 1) + "***" : s;
    }

    private Backoff.Schedule schedule(String channel) {
        return retry.computeIfAbsent(channel, c -> BACKOFF.schedule(Ticker.SYSTEM));
    }

    @Override
    public void write(VideoPacket packet) throws ExportException {
        try {
            super.write(packet);
        } catch (ExportException e) {
            schedule(packet.channel()).failed();
            context.counter("disconnects").increment();
            throw e;
        }
    }
}
