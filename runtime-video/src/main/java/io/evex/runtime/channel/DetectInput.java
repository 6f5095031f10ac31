package io.evex.runtime.channel;

import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.analysis.AnalysisPipeline;
import io.evex.runtime.video.DecodedFrame;
import io.evex.runtime.video.Pacer;
import io.evex.runtime.video.SourceUrl;
import io.evex.runtime.video.VideoException;
import io.evex.runtime.video.VideoFrame;
import io.evex.runtime.video.VideoInput;
import java.util.function.LongSupplier;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's second input, the one analysed (a camera's low-resolution sub-stream), on a thread of
 * its own: read, decoded and run through the channel's analysis, while the main input records and
 * is watched. It reconnects on its own back-off. Its frames take the number of the main input's
 * latest frame, so an event's {@code frame_id} names the full-size frame of that moment (pictures,
 * clips and crops come from it); boxes are normalised, so they fit both.
 */
final class DetectInput implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DetectInput.class);

    private final ChannelSettings settings;
    private final SourceUrl source;
    private final AnalysisPipeline analysis;
    private final LongSupplier mainFrameId;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile VideoInput input;
    private volatile String state = "starting";
    private volatile String reason = "";
    private volatile long frames;
    private volatile long reconnects;
    private volatile float[] overlay = new float[0];
    private volatile String[] labels = new String[0];

    DetectInput(ChannelSettings settings, AnalysisPipeline analysis, LongSupplier mainFrameId) {
        this.settings = settings;
        this.source = SourceUrl.parse(settings.detectUrl());
        this.analysis = analysis;
        this.mainFrameId = mainFrameId;
        this.thread = new Thread(this::run, "evex-detect-input-" + settings.name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The boxes the analysis draws now, for the main input's annotated outputs. */
    float[] overlay() {
        return overlay;
    }

    String[] labels() {
        return labels;
    }

    /** {@code online}, {@code reconnecting}, {@code offline} (a file ended) or {@code starting}. */
    String state() {
        return state;
    }

    String reason() {
        return reason;
    }

    long frames() {
        return frames;
    }

    long reconnects() {
        return reconnects;
    }

    private void run() {
        Backoff.Schedule retries = settings.reconnect().schedule(Ticker.SYSTEM);
        boolean paced = settings.realtime() && source.kind() != SourceUrl.Kind.LIVE;
        try (DecodedFrame analysed = new DecodedFrame()) {
            while (running) {
                try (VideoInput in = VideoInput.open(source, settings.timeoutMs())) {
                    input = in;
                    retries.succeeded();
                    change("online", in.describe() + ": " + in.codecName() + " " + in.width() + "x" + in.height());
                    if (!play(in, analysed, paced ? new Pacer(this::sleepNanos) : null)) {
                        return;
                    }
                    if (source.kind() != SourceUrl.Kind.LIVE && !settings.loop()) {
                        change("offline", "end of " + in.describe());
                        return;
                    }
                    throw new VideoException(in.describe() + " ended its stream");
                } catch (VideoException e) {
                    if (!running) {
                        return;
                    }
                    reconnects++;
                    long wait = retries.failed().toNanos();
                    change("reconnecting", e.getMessage());
                    sleepNanos(wait);
                } finally {
                    input = null;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("channel '{}': detect input failed: {}", settings.name(), e.toString(), e);
            change("error", e.toString());
        }
    }

    /** Reads until the end (true) or until stopped (false). */
    private boolean play(VideoInput in, DecodedFrame analysed, Pacer pacer) throws VideoException {
        VideoInput.Sink sink = new VideoInput.Sink() {
            @Override
            public void packet(AVPacket packet, long ptsMicros, long dtsMicros) {
                if (pacer != null) {
                    pacer.waitFor(dtsMicros);
                }
            }

            @Override
            public void frame(AVFrame decoded, long ptsMicros) {
                long id = Math.max(1, mainFrameId.getAsLong());
                VideoFrame frame = new VideoFrame(decoded, settings.name(), id, ptsMicros, System.currentTimeMillis());
                try {
                    frames++;
                    analysis.process(analysed.at(frame));
                    overlay = analysis.overlay();
                    labels = analysis.labels();
                } finally {
                    frame.release();
                }
            }

            @Override
            public boolean wantsFrames() {
                return true;
            }
        };
        while (running) {
            if (!in.read(sink, false)) {
                return true;
            }
        }
        return false;
    }

    private void change(String next, String why) {
        state = next;
        reason = why;
        if (next.equals("reconnecting")) {
            LOG.warn("channel '{}': detect input {}; reconnect attempt {}", settings.name(), why, reconnects);
        } else {
            LOG.info("channel '{}' detect input {}: {}", settings.name(), next, why);
        }
    }

    private void sleepNanos(long nanos) {
        ReaderStop.sleep(this, nanos, () -> running);
    }

    /** Stops reading and waits for the thread (the analysis is the channel's to close). */
    @Override
    public void close() {
        running = false;
        ReaderStop.stop(this, input, thread, 10_000);
    }
}
