package io.evex.runtime.video;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.MotionDetector;
import io.evex.runtime.analysis.MotionSettings;
import io.evex.runtime.source.EventEnvelope;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One video channel on its own thread: opens the source, reads and decodes it once, keeps recent
 * frames in the {@link FrameCache}, runs the motion detector and hands packets and frames to the
 * media outputs. A camera that cannot be reached or drops is reopened with exponential back-off;
 * every change of state is a {@code channel-status} event, and a {@code statistics} event follows
 * at a fixed interval.
 */
public final class Channel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

    /** What a channel is doing, as reported in {@code channel-status}. */
    public enum State { STARTING, ONLINE, RECONNECTING, OFFLINE, ERROR }

    private final ChannelSettings settings;
    private final SourceUrl source;
    private final Consumer<ObjectNode> publisher;
    private final EventEnvelope envelope;
    private final ChannelListener listener;
    private final FrameCache cache;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile VideoInput input;
    private volatile State state = State.STARTING;
    private volatile String reason = "";
    private volatile StreamInfo info;

    // Counters, written by the channel thread only.
    private volatile long framesDecoded;
    private volatile long framesAnalysed;
    private volatile long motionEvents;
    private volatile long reconnects;
    private long periodFrames;
    private long periodLatencyNanos;
    private long periodStartNanos = System.nanoTime();
    private long frameId;

    public Channel(ChannelSettings settings, Consumer<ObjectNode> publisher, EventEnvelope envelope, ChannelListener listener) {
        this.settings = settings;
        this.source = SourceUrl.parse(settings.url());
        this.publisher = publisher;
        this.envelope = envelope;
        this.listener = listener;
        this.cache = new FrameCache(settings.cacheFrames(), settings.cacheSeconds(), settings.cacheMaxMb() * 1024L * 1024L);
        this.thread = new Thread(this::run, "evex-channel-" + settings.name());
        this.thread.setDaemon(true);
    }

    public Channel start() {
        thread.start();
        return this;
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
    public java.util.Map<String, Integer> outputQueues() {
        return listener.queueSizes();
    }

    public long framesDecoded() {
        return framesDecoded;
    }

    public long motionEvents() {
        return motionEvents;
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

    private void run() {
        int attempt = 0;
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
                    attempt++;
                    reconnects++;
                    change(State.RECONNECTING, e.getMessage(), attempt);
                    waitBeforeRetry(attempt, e.getMessage());
                    continue;
                }
                input = in;
                try (in) {
                    if (!running) {
                        return;
                    }
                    attempt = 0;
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
                    attempt++;
                    reconnects++;
                    change(State.RECONNECTING, e.getMessage(), attempt);
                    listener.closed();
                    waitBeforeRetry(attempt, e.getMessage());
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
            cache.close();
        }
    }

    /** Reads until the end (true) or until stopped (false). */
    private boolean play(VideoInput in) throws VideoException {
        boolean live = settings.realtime() || source.kind() == SourceUrl.Kind.LIVE;
        info = new StreamInfo(name(), in.codecName(), in.width(), in.height(), in.fps(), in.extradata(), live);
        change(State.ONLINE, in.describe() + ": " + info.codec() + " " + info.width() + "x" + info.height() + " at "
                + Math.round(info.fps() * 100) / 100.0 + " fps", -1);
        listener.opened(info);
        Pacer pacer = settings.realtime() && source.kind() != SourceUrl.Kind.LIVE ? new Pacer() : null;
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
        private final MotionDetector detector;
        private final RateFilter analysisRate;
        private long lastEventMicros = Long.MIN_VALUE;
        private float[] regions = VideoFrame.NO_REGIONS;

        Reader(Pacer pacer) {
            MotionSettings motion = settings.motion();
            this.pacer = pacer;
            this.detector = motion.enabled() ? new MotionDetector(motion) : null;
            this.analysisRate = new RateFilter(motion.fps());
        }

        @Override
        public void packet(AVPacket packet, long ptsMicros, long dtsMicros) {
            if (pacer != null) {
                pacer.waitFor(dtsMicros);
            }
            if (listener.wantsPackets()) {
                listener.packet(packet, ptsMicros, dtsMicros);
            }
        }

        @Override
        public boolean wantsFrames() {
            return detector != null || settings.cacheFrames() > 0 || listener.wantsFrames();
        }

        @Override
        public void frame(AVFrame decoded, long ptsMicros) {
            long started = System.nanoTime();
            VideoFrame frame = new VideoFrame(decoded, name(), ++frameId, ptsMicros, System.currentTimeMillis());
            try {
                framesDecoded++;
                if (detector != null && analysisRate.pass(ptsMicros)) {
                    framesAnalysed++;
                    MotionDetector.Motion motion = detector.analyse(decoded);
                    regions = motion.boxes();
                    // Cool-down on the video's clock, so a file read faster than real time reports like a camera would.
                    boolean cooled = lastEventMicros == Long.MIN_VALUE || ptsMicros < lastEventMicros
                            || ptsMicros - lastEventMicros >= settings.motion().cooldownMs() * 1000;
                    if (motion.regions() > 0 && cooled) {
                        lastEventMicros = ptsMicros;
                        publishMotion(frame, motion);
                    }
                }
                frame.regions(regions);
                cache.add(frame);
                listener.frame(frame);
            } finally {
                frame.release();
                periodFrames++;
                periodLatencyNanos += System.nanoTime() - started;
            }
        }

        @Override
        public void close() {
            if (detector != null) {
                detector.close();
            }
        }
    }

    /** Holds packets back to the source's own rate, for files and test sources played as if live. */
    private final class Pacer {
        private long originNanos = Long.MIN_VALUE;
        private long originMicros;

        void waitFor(long micros) {
            long now = System.nanoTime();
            if (originNanos == Long.MIN_VALUE || micros < originMicros) {
                originNanos = now;
                originMicros = micros;
                return;
            }
            long due = originNanos + (micros - originMicros) * 1000;
            long wait = due - now;
            if (wait > 2_000_000_000L) {
                // A jump in the source's clock: start pacing again from here rather than stall.
                originNanos = now;
                originMicros = micros;
                return;
            }
            if (wait > 0) {
                sleepNanos(wait);
            }
        }
    }

    private void publishMotion(VideoFrame frame, MotionDetector.Motion motion) {
        motionEvents++;
        ObjectNode event = envelope.start("event-motion", 1, name(), frame.frameId(), frame.ptsMicros() / 1e6, frame.epochMillis());
        event.put("motion_ratio", round(motion.ratio()));
        ArrayNode list = event.putArray("regions");
        float[] b = motion.boxes();
        for (int i = 0; i + 3 < b.length; i += 4) {
            ObjectNode box = list.addObject().putObject("box");
            box.put("l", round(b[i]));
            box.put("t", round(b[i + 1]));
            box.put("w", round(b[i + 2]));
            box.put("h", round(b[i + 3]));
        }
        publisher.accept(event);
    }

    private static double round(double v) {
        return Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000.0;
    }

    private void maybeReportStatistics() {
        long interval = settings.statisticsMs();
        long now = System.nanoTime();
        long elapsed = now - periodStartNanos;
        if (interval <= 0 || elapsed < TimeUnit.MILLISECONDS.toNanos(interval)) {
            return;
        }
        long epoch = System.currentTimeMillis();
        ObjectNode event = envelope.start("statistics", 1, name(), frameId, 0, epoch);
        event.put("frames_processed", framesDecoded);
        event.put("frame_rate", Math.round(periodFrames * 1e11 / elapsed) / 100.0);
        event.put("latency_ms", periodFrames == 0 ? 0 : Math.round(periodLatencyNanos / 1e4 / periodFrames) / 100.0);
        event.put("dropped_frames", listener.dropped());
        ObjectNode queues = event.putObject("queue_sizes");
        listener.queueSizes().forEach(queues::put);
        queues.put("frame_cache", cache.size());
        publisher.accept(event);
        periodFrames = 0;
        periodLatencyNanos = 0;
        periodStartNanos = now;
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
        ObjectNode event = envelope.start("channel-status", 1, name(), frameId, 0, System.currentTimeMillis());
        event.put("status", status);
        event.put("reason", why);
        if (attempt >= 0) {
            event.put("attempt", attempt);
        }
        try {
            publisher.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("channel '{}': status event not published: {}", name(), e.toString());
        }
    }

    private void waitBeforeRetry(int attempt, String why) {
        long base = Math.min(settings.reconnectMaxMs(), settings.reconnectInitialMs() << Math.min(20, attempt - 1));
        // Up to 20% jitter, so cameras behind one dead switch do not all retry in the same millisecond.
        long wait = base - (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
        LOG.warn("channel '{}': {}; reconnect attempt {} in {} ms", name(), why, attempt, wait);
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(wait));
    }

    private void sleepNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        synchronized (this) {
            long left;
            while (running && (left = end - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops the channel: interrupts any blocking read, waits for the thread (at most {@code timeoutMs}). */
    public void stop(long timeoutMs) {
        running = false;
        VideoInput in = input;
        if (in != null) {
            in.interrupt();
        }
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("channel '{}' did not stop within {} ms", name(), timeoutMs);
        }
    }

    @Override
    public void close() {
        stop(10_000);
    }
}
