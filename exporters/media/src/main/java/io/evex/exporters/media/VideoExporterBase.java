package io.evex.exporters.media;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.media.VideoExporter;
import io.evex.api.media.VideoPacket;
import io.evex.api.media.VideoRequest;
import io.evex.api.media.VideoTrack;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What MP4, HLS and RTMP share: one {@link PacketMuxer} per channel, opened by the subclass,
 * and status. These exporters take no events; the runtime feeds them packets through
 * {@link VideoExporter}.
 */
abstract class VideoExporterBase implements Exporter, VideoExporter {

    protected ExporterContext context;
    protected VideoRequest request;
    protected final Map<String, PacketMuxer> muxers = new ConcurrentHashMap<>();
    protected final Map<String, VideoTrack> tracks = new ConcurrentHashMap<>();
    protected final Map<String, String> where = new ConcurrentHashMap<>();

    @Override
    public void start(ExporterContext ctx) throws ExportException {
        this.context = ctx;
        this.request = VideoSettings.request(ctx.settings());
        configure(ctx);
    }

    /** Reads the exporter's own settings. */
    protected abstract void configure(ExporterContext ctx) throws ExportException;

    /** Opens the muxer for a channel's track, or returns null to try again at a later key frame. */
    protected abstract PacketMuxer openMuxer(VideoTrack track, VideoPacket first) throws ExportException;

    @Override
    public VideoRequest videoRequest() {
        return request;
    }

    @Override
    public void deliver(Event event) {
        // Video exporters take no events.
    }

    @Override
    public void open(VideoTrack track) {
        tracks.put(track.channel(), track);
    }

    @Override
    public void write(VideoPacket packet) throws ExportException {
        PacketMuxer muxer = muxers.get(packet.channel());
        if (muxer == null) {
            VideoTrack track = tracks.get(packet.channel());
            if (track == null || !packet.keyframe()) {
                return;
            }
            muxer = openMuxer(track, packet);
            if (muxer == null) {
                return;
            }
            muxers.put(packet.channel(), muxer);
            where.put(packet.channel(), muxer.target());
        }
        beforeWrite(muxer, packet);
        PacketMuxer current = muxers.get(packet.channel());
        if (current == null) {
            return; // the hook closed it and could not open the next (MP4 on a full disk)
        }
        try {
            current.write(packet);
            context.counter("packets").increment();
        } catch (ExportException e) {
            closeMuxer(packet.channel());
            throw e;
        }
    }

    /** A hook before each packet (MP4 starts a new file here). */
    protected void beforeWrite(PacketMuxer muxer, VideoPacket packet) throws ExportException {}

    protected void closeMuxer(String channel) {
        PacketMuxer m = muxers.remove(channel);
        if (m != null) {
            m.close();
        }
    }

    @Override
    public void close(String channel) {
        closeMuxer(channel);
        tracks.remove(channel);
    }

    @Override
    public void stop() {
        muxers.keySet().forEach(this::closeMuxer);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> status = new TreeMap<>();
        where.forEach((channel, target) -> status.put("output." + channel, shown(target)));
        return status;
    }

    /** A target as the status shows it (an RTMP exporter hides its stream key). */
    protected String shown(String target) {
        return target;
    }
}
