package io.evex.runtime.analysis.crop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.StageContext;
import io.evex.runtime.analysis.track.Track;
import io.evex.runtime.event.CropEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which tracked objects get their picture taken, and reports the pictures: a {@code crop}
 * when an object is first tracked and then every {@code every_ms}; a candidate for its best view
 * whenever its score (confidence x box area in pixels) beats the best asked for by 15 %, at most
 * once a second, kept until the track ends and reported then as {@code best-crop}; an
 * {@code attribute} whenever a picture shows another dominant colour than the last one reported.
 * Runs on the channel's thread; the cutting and encoding happen on the {@link Cropper}'s.
 */
public final class TrackCrops {

    /** Pictures of an object for its attributes alone come this often when there are no crop events. */
    private static final long ATTRIBUTE_EVERY_MS = 2000;

    private static final long BEST_EVERY_MICROS = 1_000_000;
    private static final double BEST_GAIN = 1.15;

    private final CropSettings settings;
    private final Cropper cropper;
    private final Map<Long, State> tracks = new HashMap<>();

    /** What is known of one track's pictures. */
    private static final class State {
        long nextCropMicros = Long.MIN_VALUE;
        long nextBestMicros = Long.MIN_VALUE;
        double askedScore;
        int bestInFlight;
        Cut best;
        boolean ended;
        String colour;
    }

    public TrackCrops(CropSettings settings, Cropper cropper) {
        this.settings = settings;
        this.cropper = cropper;
    }

    /** Objects found in {@code frame} (born or matched by this frame's detections): asks for the pictures due. */
    public void seen(AnalysisFrame frame, List<Track> found) {
        if (!settings.enabled() || found.isEmpty()) {
            return;
        }
        long pts = frame.ptsMicros();
        long cropEvery = settings.everyMs() > 0 ? settings.everyMs() : settings.attributes() ? ATTRIBUTE_EVERY_MS : 0;
        List<CropJob> jobs = new ArrayList<>();
        List<State> bestAsked = new ArrayList<>();
        List<Double> previousScores = new ArrayList<>();
        for (Track t : found) {
            State s = tracks.computeIfAbsent(t.id(), id -> new State());
            Detection d = t.lastSeen();
            double score = d.confidence() * d.w() * frame.width() * d.h() * frame.height();
            if (cropEvery > 0 && pts >= s.nextCropMicros) {
                s.nextCropMicros = pts + cropEvery * 1000;
                jobs.add(job(t, d, false, score));
            }
            if (settings.best() && pts >= s.nextBestMicros && score > s.askedScore * BEST_GAIN) {
                s.nextBestMicros = pts + BEST_EVERY_MICROS;
                previousScores.add(s.askedScore);
                bestAsked.add(s);
                s.askedScore = score;
                s.bestInFlight++;
                jobs.add(job(t, d, true, score));
            }
        }
        if (!jobs.isEmpty() && !cropper.cut(frame, jobs)) {
            // Skipped (the worker is full): the best views are asked for again at the next chance.
            for (int i = 0; i < bestAsked.size(); i++) {
                State s = bestAsked.get(i);
                s.bestInFlight--;
                s.askedScore = previousScores.get(i);
                s.nextBestMicros = Long.MIN_VALUE;
            }
        }
    }

    /** A track ended: its best view is reported now, or as soon as the pictures still being cut are done. */
    public void ended(StageContext context, Track t) {
        State s = tracks.get(t.id());
        if (s != null) {
            s.ended = true;
            settle(context, t.id(), s);
        }
    }

    /** Reports the pictures finished since the last call. */
    public void collect(StageContext context) {
        for (Cut cut : cropper.done()) {
            CropJob job = cut.job();
            State s = tracks.get(job.trackId());
            if (s == null) {
                continue;
            }
            if (cut.ok() && !job.best() && settings.everyMs() > 0) {
                context.emit(picture(context, CropEvents.CROP, cut));
            }
            if (cut.ok()
                    && settings.attributes()
                    && cut.colour() != null
                    && !cut.colour().name().equals(s.colour)) {
                s.colour = cut.colour().name();
                context.emit(attribute(
                        context.event(CropEvents.ATTRIBUTE, CropEvents.VERSION, cut.frame()), job, cut.colour()));
            }
            if (job.best()) {
                s.bestInFlight--;
                if (cut.ok() && (s.best == null || job.score() > s.best.job().score())) {
                    s.best = cut;
                }
                settle(context, job.trackId(), s);
            }
        }
    }

    /**
     * The stream has ended (its tracks too): waits a little for the pictures being cut, reports
     * them, and the best views of every ended track.
     */
    public void finish(StageContext context) {
        cropper.drain(3000);
        collect(context);
        for (Long id : List.copyOf(tracks.keySet())) {
            State s = tracks.get(id);
            if (s.ended) {
                s.bestInFlight = 0; // what did not come in time will not come
                settle(context, id, s);
            }
        }
    }

    /** Counters for {@code statistics}. */
    public Map<String, Number> counters() {
        return cropper.counters();
    }

    public void close() {
        cropper.close();
    }

    private void settle(StageContext context, long id, State s) {
        if (!s.ended || s.bestInFlight > 0) {
            return;
        }
        tracks.remove(id);
        if (s.best != null) {
            context.emit(picture(context, CropEvents.BEST_CROP, s.best));
        }
    }

    private static ObjectNode picture(StageContext context, String type, Cut cut) {
        return picture(context.event(type, CropEvents.VERSION, cut.frame()), cut);
    }

    /** A {@code crop} or {@code best-crop} (as {@code event} was started) of a finished cut. */
    public static ObjectNode picture(ObjectNode event, Cut cut) {
        CropJob j = cut.job();
        double[] box = {j.l(), j.t(), j.w(), j.h()};
        return CropEvents.picture(
                event,
                j.trackingId(),
                j.label(),
                j.confidence(),
                box,
                j.score(),
                cut.jpeg(),
                cut.width(),
                cut.height());
    }

    /** An {@code attribute} (as {@code event} was started): the object's colour. */
    public static ObjectNode attribute(ObjectNode event, CropJob j, Colour c) {
        return CropEvents.colour(event, j.trackingId(), j.label(), j.confidence(), c.name(), c.share(), c.hex());
    }

    private static CropJob job(Track t, Detection d, boolean best, double score) {
        return new CropJob(t.id(), t.trackingId(), t.label(), d.confidence(), best, score, d.l(), d.t(), d.w(), d.h());
    }
}
