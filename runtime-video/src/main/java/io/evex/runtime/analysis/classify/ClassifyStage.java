package io.evex.runtime.analysis.classify;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.FrameStage;
import io.evex.runtime.analysis.FrameStamp;
import io.evex.runtime.analysis.StageContext;
import io.evex.runtime.analysis.detect.DetectorException;
import io.evex.runtime.analysis.track.Track;
import io.evex.runtime.analysis.track.TrackUpdate;
import io.evex.runtime.event.CropEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code classify} stage, after {@code track}: runs each classifier on the pictures of the
 * tracked objects of its classes (at most every {@code every} per track on the video's clock),
 * cut from the frame the objects were found in, and emits an {@code attribute} event per answer;
 * the answer also rides on the track's later {@code track} events. A real-time channel runs them
 * on a worker of the stage's own and skips (counting) a frame's pictures while the worker is busy;
 * a channel read faster than real time runs them at once, so its attributes are the same every
 * run. Passes frames on.
 */
public final class ClassifyStage implements FrameStage {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifyStage.class);
    /** Frames are scaled to at most this width before pictures are cut: enough for any classifier. */
    private static final int CUT_FROM_WIDTH = 1280;

    /** One picture to classify: whose, by which classifier. */
    private record Job(Track track, Classifier classifier, BgrImage picture) {}

    /** A classifier's answer about a track, found on {@code frame}. */
    private record Done(Job job, Classifier.Answer answer, FrameStamp frame) {}

    private final List<Classifier> classifiers;
    private final boolean waits;
    private final String channel;
    private final Map<String, Long> lastMicros = new HashMap<>(); // classifier + track -> when it last ran
    private final ExecutorService worker;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private final LongAdder pictures = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private volatile String lastFailure = "";

    /** @param waits classify on the channel's thread (a source read faster than real time) */
    public ClassifyStage(String channel, List<Classifier> classifiers, boolean waits) {
        this.channel = channel;
        this.classifiers = List.copyOf(classifiers);
        this.waits = waits;
        this.worker = waits
                ? null
                : Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "evex-classify-" + channel);
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void frame(StageContext context, AnalysisFrame current) {
        report(context);
        TrackUpdate update = context.meta().get(TrackUpdate.KEY);
        if (update != null) {
            List<Job> jobs = jobs(update);
            if (!jobs.isEmpty()) {
                FrameStamp stamp = FrameStamp.of(update.frame());
                if (waits) {
                    run(jobs, stamp);
                    report(context);
                } else if (busy.compareAndSet(false, true)) {
                    worker.execute(() -> {
                        try {
                            run(jobs, stamp);
                        } finally {
                            busy.set(false);
                        }
                    });
                } else {
                    skipped.add(jobs.size());
                }
            }
            update.ended().forEach(t -> classifiers.forEach(c -> lastMicros.remove(key(c, t))));
        }
        context.next(current);
    }

    /** The pictures due on this update, cut from one scaled copy of the frame. */
    private List<Job> jobs(TrackUpdate update) {
        long pts = update.frame().ptsMicros();
        List<Job> jobs = new ArrayList<>();
        BgrImage whole = null;
        for (List<Track> tracks : List.of(update.born(), update.seen())) {
            for (Track t : tracks) {
                for (Classifier c : classifiers) {
                    ClassifySettings s = c.settings();
                    if (!s.classes().isEmpty() && !s.classes().contains(t.label())) {
                        continue;
                    }
                    Long last = lastMicros.get(key(c, t));
                    if (last != null && pts >= last && pts - last < s.everyMs() * 1000) {
                        continue;
                    }
                    if (whole == null) {
                        whole = scaled(update.frame());
                    }
                    lastMicros.put(key(c, t), pts);
                    jobs.add(new Job(t, c, PictureCut.cut(whole, t.l(), t.t(), t.w(), t.h(), c.width(), c.height())));
                }
            }
        }
        return jobs;
    }

    private static BgrImage scaled(AnalysisFrame frame) {
        int w = Math.min(frame.width(), CUT_FROM_WIDTH);
        int h = Math.max(1, (int) Math.round((double) frame.height() * w / frame.width()));
        return frame.bgr(w, h);
    }

    private static String key(Classifier c, Track t) {
        return c.settings().name() + '\u0000' + t.id();
    }

    private void run(List<Job> jobs, FrameStamp frame) {
        for (Job j : jobs) {
            long t0 = System.nanoTime();
            try {
                Classifier.Answer a = j.classifier().classify(j.picture());
                nanos.add(System.nanoTime() - t0);
                pictures.increment();
                if (a.confidence() >= j.classifier().settings().minConfidence()) {
                    done.add(new Done(j, a, frame));
                }
            } catch (DetectorException | RuntimeException e) {
                String message = String.valueOf(e.getMessage());
                if (!message.equals(lastFailure)) {
                    lastFailure = message;
                    LOG.warn(
                            "channel '{}': classify '{}' failed: {}",
                            channel,
                            j.classifier().settings().name(),
                            message);
                }
            }
        }
    }

    /** Answers that came in: the attribute on the track and an {@code attribute} event, on the channel's thread. */
    private void report(StageContext context) {
        for (Done d = done.poll(); d != null; d = done.poll()) {
            Track t = d.job().track();
            String name = d.job().classifier().settings().name();
            t.attribute(name, d.answer().value(), d.answer().confidence());
            context.emit(CropEvents.classified(
                    context.event(CropEvents.ATTRIBUTE, CropEvents.VERSION, d.frame()),
                    t.trackingId(),
                    t.label(),
                    t.confidence(),
                    name,
                    d.answer().value(),
                    d.answer().confidence()));
        }
    }

    /** The answers still being worked on are waited for (briefly) and reported: the stream has ended. */
    @Override
    public void finish(StageContext context) {
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        report(context);
    }

    /** Pictures classified, skipped (the worker was busy) and the time per picture. */
    @Override
    public Map<String, Number> counters() {
        Map<String, Number> c = new LinkedHashMap<>();
        long n = pictures.sum();
        c.put("pictures", n);
        c.put("skipped", skipped.sum());
        c.put("classify_ms", n == 0 ? 0 : Math.round(nanos.sum() / 1e4 / n) / 100.0);
        return c;
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
        classifiers.forEach(Classifier::close);
    }
}
