package io.evex.runtime.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.analysis.AnalysisPipeline;
import io.evex.runtime.event.ChannelStatusEvent;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.event.StatisticsEvent;
import io.evex.runtime.video.ChannelListener;
import io.evex.runtime.video.DecodedFrame;
import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.Pacer;
import io.evex.runtime.video.SourceUrl;
import io.evex.runtime.video.StreamInfo;
import io.evex.runtime.video.VideoException;
import io.evex.runtime.video.VideoFrame;
import io.evex.runtime.video.VideoInput;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One video channel on its own thread: opens the source, reads and decodes it once (paced to its
 * own rate when a file plays as if live), keeps recent frames in the {@link FrameCache}, runs each
 * frame through the channel's {@link AnalysisPipeline} and hands packets and frames to the media
 * outputs. A camera that cannot be reached or drops is reopened on the reconnect back-off; every
 * change of state is a {@code channel-status} event, and a {@code statistics} event follows at a
 * fixed interval.
 */
public final class Channel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

    /** What a channel is doing, as reported in {@code channel-status}. */
    public enum State {
        STARTING,
        ONLINE,
        RECONNECTING,
        OFFLINE,
        ERROR
    }

    private final ChannelSettings settings;
    private final SourceUrl source;
    private final EventSink publisher;
    private final EventEnvelope envelope;
    private final ChannelListener listener;
    private final FrameCache cache;
    private final AnalysisPipeline analysis;
    private final DetectInput detect; // a sub-stream analysed instead of the main input, or null
    private final Thread thread;
    private volatile boolean running = true;
    private volatile VideoInput input;
    private volatile State state = State.STARTING;
    private volatile String reason = "";
    private volatile StreamInfo info;

    // Counters, written by the channel thread only.
    private volatile long framesDecoded;
    private volatile long reconnects;
    private final ChannelStatistics statistics;
    private volatile long frameId;

    /** A channel with the standard analysis of its settings (see {@link ChannelAnalysis#standard}). */
    public Channel(ChannelSettings settings, EventSink publisher, EventEnvelope envelope, ChannelListener listener) {
        this(settings, publisher, envelope, listener, cache -> ChannelAnalysis.standard(settings, publisher, envelope));
    }

    /**
     * A channel whose frames go through the analysis {@code analysis} makes, given the channel's
     * frame cache (which the analysis may read past frames from); the channel closes it when it ends.
     */
    public Channel(
            ChannelSettings settings,
            EventSink publisher,
            EventEnvelope envelope,
            ChannelListener listener,
            Function<FrameCache, AnalysisPipeline> analysis) {
        this.settings = settings;
        this.source = SourceUrl.parse(settings.url());
        this.publisher = publisher;
        this.envelope = envelope;
        this.listener = listener;
        this.statistics = new ChannelStatistics(settings.statisticsMs());
        this.cache = new FrameCache(
                settings.name(),
                settings.cacheFrames(),
                settings.cacheSeconds(),
                settings.cacheMaxMb() * 1024L * 1024L);
        this.analysis = analysis.apply(cache);
        this.analysis.onObjects(listener::objects);
        this.detect = settings.detectUrl() == null ? null : new DetectInput(settings, this.analysis, () -> frameId);
        this.scene = settings.objects().segments();
        this.thread = new Thread(this::run, "evex-channel-" + settings.name());
        this.thread.setDaemon(true);
    }

    public Channel start() {
        thread.start();
        if (detect != null) {
            detect.start();
        }
        return this;
    }

    /** Each input with its roles and state: one, or the main one and the one analysed. */
    public java.util.List<InputStatus> inputs() {
        return InputStatus.of(this, detect);
    }

    public String name() {
        return settings.name();
    }

    public ChannelSettings settings() {
        return settings;
    }

    public State state() {
        return state;
    }

    /** The last reason given with a state change. */
    public String reason() {
        return reason;
    }

    /** The source as last opened, or null before. */
    public StreamInfo info() {
        return info;
    }

    public FrameCache cache() {
        return cache;
    }

    /** Depth of each media output queue of this channel (one {@code encode_*} entry per shared encode). */
    public Map<String, Integer> outputQueues() {
        return listener.queueSizes();
    }

    /** Per analysis stage: frames, events, time per frame and the stage's own counters (a detector's). */
    public Map<String, AnalysisPipeline.StageStats> analysisStats() {
        return analysis.stats();
    }

    /** Frames read from the main input so far (decoded or not). */
    public long framesRead() {
        return frameId;
    }

    public long framesDecoded() {
        return framesDecoded;
    }

    public long motionEvents() {
        return analysis.events("motion");
    }

    public long reconnects() {
        return reconnects;
    }

    /** Whether the channel has ended for good (end of a file that does not loop, a file that cannot be read, or stop). */
    public boolean finished() {
        return !thread.isAlive();
    }

    /** Waits for the channel to end by itself; false on time-out. */
    public boolean await(long timeoutMs) throws InterruptedException {
        thread.join(Math.max(1, timeoutMs));
        return !thread.isAlive();
    }

    /** The zones' edges and the lines, drawn on annotated outputs. */
    private final float[] scene;

    private void run() {
        Backoff.Schedule retries = settings.reconnect().schedule(Ticker.SYSTEM);
        try {
            while (running) {
                VideoInput in;
                try {
                    in = VideoInput.open(source, settings.timeoutMs());
                } catch (VideoException e) {
                    if (source.kind() == SourceUrl.Kind.FILE) {
                        change(State.ERROR, e.getMessage() + "; the channel stops", -1);
                        return;
                    }
                    reconnect(retries, e.getMessage());
                    continue;
                }
                input = in;
                try (in) {
                    if (!running) {
                        return;
                    }
                    retries.succeeded();
                    boolean ended = play(in);
                    if (ended && source.kind() == SourceUrl.Kind.LIVE) {
                        // A camera's stream has no end: it dropped. Reconnect like any other failure.
                        throw new VideoException(in.describe() + " ended its stream");
                    }
                    if (ended) {
                        change(State.OFFLINE, "end of " + in.describe(), -1);
                        return;
                    }
                } catch (VideoException e) {
                    if (!running) {
                        return;
                    }
                    listener.closed();
                    reconnect(retries, e.getMessage());
                    continue;
                } finally {
                    input = null;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("channel '{}' failed: {}", name(), e.toString(), e);
            change(State.ERROR, "internal error: " + e, -1);
        } finally {
            listener.closed();
            if (state != State.ERROR && state != State.OFFLINE) {
                change(State.OFFLINE, "stopped", -1);
            }
            if (detect != null) {
                detect.close(); // before the analysis it runs
            }
            analysis.close();
            cache.close();
        }
    }

    /** Reads until the end (true) or until stopped (false). */
    private boolean play(VideoInput in) throws VideoException {
        boolean live = settings.realtime() || source.kind() == SourceUrl.Kind.LIVE;
        info = new StreamInfo(name(), in.codecName(), in.width(), in.height(), in.fps(), in.extradata(), live);
        change(
                State.ONLINE,
                in.describe() + ": " + info.codec() + " " + info.width() + "x" + info.height() + " at "
                        + Math.round(info.fps() * 100) / 100.0 + " fps",
                -1);
        listener.opened(info);
        cache.opened(info);
        Pacer pacer = settings.realtime() && source.kind() != SourceUrl.Kind.LIVE ? new Pacer(this::sleepNanos) : null;
        try (Reader reader = new Reader(pacer)) {
            while (running) {
                if (!in.read(reader, settings.loop() && source.kind() == SourceUrl.Kind.FILE)) {
                    return true;
                }
                maybeReportStatistics();
            }
            return false;
        } finally {
            listener.closed();
        }
    }

    /** The per-packet work: pacing, pass-through, decoding, analysis, cache, outputs. */
    private final class Reader implements VideoInput.Sink, AutoCloseable {
        private final Pacer pacer;
        private final DecodedFrame analysed = new DecodedFrame();

        Reader(Pacer pacer) {
            this.pacer = pacer;
        }

        @Override
        public void packet(AVPacket packet, long ptsMicros, long dtsMicros) {
            if (pacer != null) {
                pacer.waitFor(dtsMicros);
            }
            if (detect != null) {
                frameId++; // numbered as read: the detect input names its frames after these, decoded or not
            }
            cache.add(packet, ptsMicros, dtsMicros, System.currentTimeMillis());
            if (listener.wantsPackets()) {
                listener.packet(packet, ptsMicros, dtsMicros);
            }
        }

        @Override
        public boolean wantsFrames() {
            // The frame cache keeps packets: it needs no decoding of its own.
            return (detect == null && !analysis.isEmpty()) || listener.wantsFrames();
        }

        @Override
        public void frame(AVFrame decoded, long ptsMicros) {
            long started = System.nanoTime();
            long id = detect == null ? ++frameId : frameId;
            VideoFrame frame = new VideoFrame(decoded, name(), id, ptsMicros, System.currentTimeMillis());
            try {
                framesDecoded++;
                if (detect == null) {
                    analysis.process(analysed.at(frame));
                    frame.regions(analysis.overlay());
                    frame.labels(analysis.labels());
                } else {
                    frame.regions(detect.overlay());
                    frame.labels(detect.labels());
                }
                frame.scene(scene);
                cache.latest(frame);
                listener.frame(frame);
            } finally {
                frame.release();
                statistics.frame(System.nanoTime() - started);
            }
        }

        @Override
        public void close() {
            analysed.close();
        }
    }

    private void maybeReportStatistics() {
        if (!statistics.due()) {
            return;
        }
        Map<String, Integer> queues = new LinkedHashMap<>(listener.queueSizes());
        queues.put("frame_cache", cache.size());
        ObjectNode event = envelope.start(
                StatisticsEvent.TYPE, StatisticsEvent.VERSION, name(), frameId, 0, System.currentTimeMillis());
        publisher.accept(statistics.fill(event, framesDecoded, listener.dropped(), queues, analysis));
    }

    private void change(State next, String why, int attempt) {
        state = next;
        reason = why;
        String status = switch (next) {
            case ONLINE -> "online";
            case RECONNECTING -> "reconnecting";
            case ERROR -> "error";
            default -> "offline";
        };
        if (next == State.ONLINE) {
            LOG.info("channel '{}' online: {}", name(), why);
        } else if (next == State.ERROR) {
            LOG.error("channel '{}': {}", name(), why);
        } else if (next != State.RECONNECTING) {
            LOG.info("channel '{}' {}: {}", name(), status, why);
        }
        ObjectNode event = envelope.start(
                ChannelStatusEvent.TYPE, ChannelStatusEvent.VERSION, name(), frameId, 0, System.currentTimeMillis());
        try {
            publisher.accept(ChannelStatusEvent.fill(event, status, why, attempt));
        } catch (RuntimeException e) {
            LOG.warn("channel '{}': status event not published: {}", name(), e.toString());
        }
    }

    /** Says why the source is gone and waits for the next attempt on the reconnect back-off. */
    private void reconnect(Backoff.Schedule retries, String why) {
        reconnects++;
        Duration wait = retries.failed();
        change(State.RECONNECTING, why, retries.failures());
        LOG.warn("channel '{}': {}; reconnect attempt {} in {} ms", name(), why, retries.failures(), wait.toMillis());
        sleepNanos(wait.toNanos());
    }

    private void sleepNanos(long nanos) {
        ReaderStop.sleep(this, nanos, () -> running);
    }

    /** Stops the channel: interrupts any blocking read, waits for the thread (at most {@code timeoutMs}). */
    public void stop(long timeoutMs) {
        running = false;
        if (!ReaderStop.stop(this, input, thread, timeoutMs)) {
            LOG.warn("channel '{}' did not stop within {} ms", name(), timeoutMs);
        }
    }

    @Override
    public void close() {
        stop(10_000);
    }
}
