package io.evex.exporters.media;

import io.evex.api.ExportException;
import io.evex.api.ExporterContext;
import io.evex.api.Template;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoTrack;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushes each channel to an RTMP server (FLV over RTMP), e.g. {@code rtmp://host/live/{obj.channel}}.
 * A server that refuses or drops the stream is tried again at a key frame after a back-off that
 * doubles from 1 s to 30 s, so a dead server costs one attempt per back-off, not one per packet.
 */
final class RtmpExporter extends VideoExporterBase {

    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 30_000;

    private Template url;
    private long timeoutMs;
    private final Map<String, long[]> retry = new ConcurrentHashMap<>();

    @Override
    protected void configure(ExporterContext ctx) {
        url = ctx.template(ctx.settings().getString("url"));
        timeoutMs = ctx.settings().getLong("timeout_ms");
    }

    @Override
    protected PacketMuxer openMuxer(VideoTrack track, VideoPacket first) throws ExportException {
        long[] state = retry.computeIfAbsent(track.channel(), c -> new long[] {0, FIRST_BACKOFF_MS});
        long now = System.currentTimeMillis();
        if (now < state[0]) {
            return null;
        }
        String target = url.render(new MediaEvent(track.channel(), 0, first.ptsMicros() / 1e6, now, track.width(), track.height()));
        try {
            PacketMuxer muxer = new PacketMuxer("flv", target, track, Map.of("flvflags", "no_duration_filesize"), timeoutMs);
            context.logger().info("pushing channel '{}' to {}", track.channel(), target);
            state[1] = FIRST_BACKOFF_MS;
            return muxer;
        } catch (ExportException e) {
            state[0] = now + state[1];
            context.logger().warn("{}; next attempt in {} ms", e.getMessage(), state[1]);
            state[1] = Math.min(MAX_BACKOFF_MS, state[1] * 2);
            context.counter("connect_failures").increment();
            return null;
        }
    }

    @Override
    public void write(VideoPacket packet) throws ExportException {
        try {
            super.write(packet);
        } catch (ExportException e) {
            long[] state = retry.computeIfAbsent(packet.channel(), c -> new long[] {0, FIRST_BACKOFF_MS});
            state[0] = System.currentTimeMillis() + state[1];
            context.counter("disconnects").increment();
            throw e;
        }
    }
}
