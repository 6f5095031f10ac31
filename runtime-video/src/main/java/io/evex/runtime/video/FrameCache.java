package io.evex.runtime.video;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's recent past, kept compressed: the camera's packets from the oldest kept key frame on,
 * bounded by count, age and bytes (whole groups of pictures are dropped, so what is kept always
 * decodes), plus the latest decoded frame when the channel decodes anyway. A past frame is decoded
 * on demand, by a decoder of its own, from the key frame before it. Keeping packets rather than
 * pixels costs a few MB per channel instead of hundreds (720p: ~10 KB a frame instead of 1.4 MB),
 * and lets the channel's decoder reuse its buffers. Sources without real packets (FFmpeg test
 * sources hand over decoded frames) keep only the latest frame.
 */
public final class FrameCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameCache.class);

    /** One compressed packet, as the source sent it. */
    private record Packet(byte[] data, long ptsMicros, long dtsMicros, long epochMillis, boolean key, long frameId) {}

    private final String channel;
    private final int maxFrames;
    private final long maxAgeMicros;
    private final long maxBytes;
    private final ArrayDeque<Packet> packets = new ArrayDeque<>();
    private long bytes;
    private long peakBytes;
    private long evicted;
    private long sequence;
    private String codec;
    private ByteBuffer extradata = ByteBuffer.allocate(0);
    private boolean packetsUsable;
    private VideoFrame latest;

    /**
     * @param maxFrames at most this many frames (0 disables the cache)
     * @param maxSeconds frames older than this (relative to the newest) are dropped; 0 = no limit
     * @param maxBytes at most this much compressed data
     */
    public FrameCache(String channel, int maxFrames, double maxSeconds, long maxBytes) {
        this.channel = channel;
        this.maxFrames = Math.max(0, maxFrames);
        this.maxAgeMicros = maxSeconds > 0 ? (long) (maxSeconds * 1_000_000) : Long.MAX_VALUE;
        this.maxBytes = maxBytes > 0 ? maxBytes : Long.MAX_VALUE;
    }

    /** Whether the cache keeps anything. */
    public boolean enabled() {
        return maxFrames > 0;
    }

    /** The source was (re)opened: packets before this belong to another stream and are dropped. */
    public synchronized void opened(StreamInfo info) {
        clearPackets();
        codec = info.codec();
        extradata = info.extradata();
        packetsUsable = enabled() && !"wrapped_avframe".equals(codec);
    }

    /** Keeps a copy of a compressed packet, dropping the oldest groups of pictures past any limit. */
    public synchronized void add(AVPacket packet, long ptsMicros, long dtsMicros, long epochMillis) {
        if (!packetsUsable) {
            return;
        }
        boolean key = (packet.flags() & 1) != 0; // AV_PKT_FLAG_KEY
        if (packets.isEmpty() && !key) {
            return; // nothing decodes before the first key frame
        }
        byte[] data = new byte[packet.size()];
        packet.data().position(0).get(data);
        packets.addLast(new Packet(data, ptsMicros, dtsMicros, epochMillis, key, ++sequence));
        bytes += data.length;
        while ((packets.size() > maxFrames
                        || bytes > maxBytes
                        || ptsMicros - packets.peekFirst().ptsMicros() > maxAgeMicros)
                && dropOldestGroup()) {
            // keep dropping
        }
        peakBytes = Math.max(peakBytes, bytes);
        notifyAll(); // wakes those waiting for news (next-image, previews)
    }

    /** Drops packets up to the second key frame; false when only one group of pictures is left. */
    private boolean dropOldestGroup() {
        Iterator<Packet> it = packets.iterator();
        it.next();
        boolean another = false;
        while (it.hasNext()) {
            if (it.next().key()) {
                another = true;
                break;
            }
        }
        if (!another) {
            return false;
        }
        do {
            Packet gone = packets.pollFirst();
            bytes -= gone.data().length;
            evicted++;
        } while (!packets.peekFirst().key());
        return true;
    }

    /** The channel decoded a frame: it becomes the latest (the cache takes a reference of its own). */
    public synchronized void latest(VideoFrame frame) {
        if (!enabled()) {
            return;
        }
        VideoFrame previous = latest;
        latest = frame.retain();
        if (previous != null) {
            previous.release();
        }
        notifyAll();
    }

    /** Waits up to {@code timeoutMillis} for the next packet or decoded frame (or returns early, spuriously). */
    public synchronized void awaitNews(long timeoutMillis) throws InterruptedException {
        if (timeoutMillis > 0) {
            wait(timeoutMillis);
        }
    }

    /** One kept packet of a {@link Span}: as the source sent it. */
    public record SpanPacket(byte[] data, long ptsMicros, long dtsMicros, long epochMillis, boolean key) {}

    /** Kept packets that decode on their own (from a key frame), with what a muxer needs to know. */
    public record Span(String codec, ByteBuffer extradata, List<SpanPacket> packets) {}

    /**
     * The packets received between two wall-clock times, from the last key frame at or before
     * {@code fromMillis} (so that the span decodes) to the last frame shown up to {@code toMillis}
     * (with the B-frames that arrive after it), or null when the cache holds none of it.
     */
    public synchronized Span span(long fromMillis, long toMillis) {
        List<Packet> all = new ArrayList<>(packets);
        int start = -1;
        for (int i = 0; i < all.size() && all.get(i).epochMillis() <= Math.max(fromMillis, 0); i++) {
            if (all.get(i).key()) {
                start = i;
            }
        }
        if (start < 0 && !all.isEmpty() && all.get(0).epochMillis() <= toMillis) {
            start = 0; // the span begins before what is kept: from the oldest key frame
        }
        if (start < 0) {
            return null;
        }
        List<SpanPacket> out = new ArrayList<>();
        long latestPts = Long.MIN_VALUE;
        for (int i = start; i < all.size(); i++) {
            Packet p = all.get(i);
            // Past the end, only the frames shown before the last one kept still come (B-frames
            // arrive after the frame they precede): without them the clip would jump at its end.
            if (p.epochMillis() > toMillis && (p.key() || p.ptsMicros() > latestPts)) {
                break;
            }
            latestPts = Math.max(latestPts, p.ptsMicros());
            out.add(new SpanPacket(p.data(), p.ptsMicros(), p.dtsMicros(), p.epochMillis(), p.key()));
        }
        SpanTail.dropUnshown(out);
        return out.isEmpty() ? null : new Span(codec, extradata, out);
    }

    /** Wall-clock time of the oldest kept packet, or 0 when none. */
    public synchronized long oldestMillis() {
        return packets.isEmpty() ? 0 : packets.peekFirst().epochMillis();
    }

    /** Wall-clock time of the newest kept packet (or decoded frame), or 0 when none. */
    public synchronized long newestMillis() {
        long newest = packets.isEmpty() ? 0 : packets.peekLast().epochMillis();
        return Math.max(newest, latest == null ? 0 : latest.epochMillis());
    }

    /**
     * The newest frame, retained for the caller (who must release it): the latest decoded one, or,
     * when the channel does not decode, decoded now from the kept packets. Null when there is none.
     */
    public VideoFrame latest() {
        synchronized (this) {
            if (latest != null) {
                return latest.retain();
            }
        }
        List<VideoFrame> last = new ArrayList<>(1);
        decode(Long.MAX_VALUE - 1, Long.MAX_VALUE, true, last::add);
        return last.isEmpty() ? null : last.get(0);
    }

    /** The latest decoded frame if it was received within {@code toleranceMillis} of {@code epochMillis}, retained; else null (nothing is decoded now). */
    public synchronized VideoFrame decodedNear(long epochMillis, long toleranceMillis) {
        return latest != null && Math.abs(latest.epochMillis() - epochMillis) <= toleranceMillis
                ? latest.retain()
                : null;
    }

    /** The frame shown at wall-clock time {@code epochMillis} (the last one at or before it), retained, or null. */
    public VideoFrame at(long epochMillis) {
        List<VideoFrame> frames = new ArrayList<>(1);
        decode(epochMillis, epochMillis, true, frames::add);
        return frames.isEmpty() ? null : frames.get(0);
    }

    /**
     * The frame shown at {@code ptsMicros} (received at {@code epochMillis}), retained, or null when
     * it is no longer kept: the latest decoded frame, or decoded now from the kept packets.
     */
    public VideoFrame frame(long ptsMicros, long epochMillis) {
        synchronized (this) {
            if (latest != null && latest.ptsMicros() == ptsMicros) {
                return latest.retain();
            }
        }
        VideoFrame f = at(epochMillis);
        if (f != null && f.ptsMicros() != ptsMicros) {
            f.release();
            return null;
        }
        return f;
    }

    /** The frames received between two wall-clock times (inclusive), oldest first, each retained; decoded now. */
    public List<VideoFrame> between(long fromMillis, long toMillis) {
        List<VideoFrame> frames = new ArrayList<>();
        decode(fromMillis, toMillis, false, frames::add);
        return frames;
    }

    /**
     * Hands the frames received between two wall-clock times to {@code visitor} one at a time, as
     * they are decoded, oldest first; each is released when the visitor returns (retain it to keep
     * it), and {@code false} stops. Holds one frame at a time, however long the range.
     */
    public void each(long fromMillis, long toMillis, java.util.function.Predicate<VideoFrame> visitor) {
        decode(fromMillis, toMillis, false, f -> {
            try {
                return visitor.test(f);
            } finally {
                f.release();
            }
        });
    }

    /**
     * Decodes from the key frame at or before {@code from} and hands {@code sink} (which owns them)
     * the frames in [from, to] in display order until it returns false — or, with {@code lastOnly},
     * only the last frame at or before {@code to}.
     */
    private void decode(
            long fromMillis, long toMillis, boolean lastOnly, java.util.function.Predicate<VideoFrame> sink) {
        List<Packet> run;
        String codecName;
        ByteBuffer config;
        synchronized (this) {
            run = packetsFor(fromMillis, toMillis, lastOnly);
            codecName = codec;
            config = extradata;
        }
        if (run.isEmpty()) {
            return;
        }
        // Packets come in decoding order, frames leave in display order: number them by display order.
        long[] ids = run.stream().mapToLong(Packet::frameId).sorted().toArray();
        long[] times = run.stream().mapToLong(Packet::ptsMicros).sorted().toArray();
        VideoFrame last = null;
        boolean more = true;
        try (PacketDecoder decoder = new PacketDecoder(codecName, config)) {
            for (int i = 0; i <= run.size() && more; i++) {
                Packet p = i < run.size() ? run.get(i) : null;
                for (PacketDecoder.Decoded d : p == null
                        ? decoder.decode(null, 0, 0, false)
                        : decoder.decode(p.data(), p.ptsMicros(), p.dtsMicros(), p.key())) {
                    Packet source = byPts(run, d.ptsMicros());
                    int rank = java.util.Arrays.binarySearch(times, d.ptsMicros());
                    VideoFrame f = new VideoFrame(
                            d.frame(),
                            channel,
                            rank >= 0 ? ids[rank] : 0,
                            d.ptsMicros(),
                            source == null ? 0 : source.epochMillis());
                    boolean wanted = lastOnly
                            ? f.epochMillis() <= toMillis
                            : f.epochMillis() >= fromMillis && f.epochMillis() <= toMillis;
                    if (!wanted || !more) {
                        f.release();
                    } else if (lastOnly) {
                        if (last != null) {
                            last.release();
                        }
                        last = f;
                    } else {
                        more = sink.test(f);
                    }
                }
            }
        } catch (VideoException e) {
            LOG.warn("channel '{}': cached frames could not be decoded: {}", channel, e.getMessage());
        }
        if (last != null) {
            sink.test(last);
        }
    }

    /** The packets to decode for a request: from the last key frame at or before {@code from} to the end of the range. */
    private List<Packet> packetsFor(long fromMillis, long toMillis, boolean lastOnly) {
        List<Packet> all = new ArrayList<>(packets);
        int start = -1;
        int end = all.size();
        long anchor = lastOnly ? toMillis : fromMillis;
        for (int i = 0; i < all.size(); i++) {
            Packet p = all.get(i);
            if (p.key() && (p.epochMillis() <= anchor || start < 0)) {
                start = i;
            }
            if (p.epochMillis() > toMillis) {
                end = i + 1; // one more: frames leave the decoder late when B-frames reorder
                break;
            }
        }
        if (start < 0 || (lastOnly && all.get(start).epochMillis() > toMillis)) {
            return List.of();
        }
        return all.subList(start, Math.min(end + 2, all.size()));
    }

    private static Packet byPts(List<Packet> run, long ptsMicros) {
        for (Packet p : run) {
            if (p.ptsMicros() == ptsMicros) {
                return p;
            }
        }
        return null;
    }

    /** Frames (packets) kept. */
    public synchronized int size() {
        return packets.size();
    }

    /** Compressed bytes kept. */
    public synchronized long bytes() {
        return bytes;
    }

    /** The most compressed bytes kept at once so far. */
    public synchronized long peakBytes() {
        return peakBytes;
    }

    /** Frames dropped to stay within the limits so far. */
    public synchronized long evicted() {
        return evicted;
    }

    private void clearPackets() {
        packets.clear();
        bytes = 0;
    }

    @Override
    public synchronized void close() {
        clearPackets();
        if (latest != null) {
            latest.release();
            latest = null;
        }
    }
}
