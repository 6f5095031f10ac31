package io.evex.runtime.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.FrameStamp;
import io.evex.runtime.analysis.crop.CropJob;
import io.evex.runtime.analysis.crop.TrackCrops;
import io.evex.runtime.event.CropEvents;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.event.EventSink;
import io.evex.schemas.EventCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A built-in stand-in for video analysis, so that {@code evex run} does something real with no
 * camera: per channel it simulates objects crossing a 25 fps scene and emits what an analytics
 * pipeline would — {@code track} per object and frame, {@code event-line-crossing} when an object
 * crosses the middle line, {@code event-area-enter}/{@code -exit}, intrusion, loitering and occupancy
 * events for the right half, {@code crop} and {@code attribute} when an object enters it and
 * {@code best-crop} and a {@code clip} when it leaves,
 * {@code event-motion} while anything moves, {@code statistics} every 5 s and
 * {@code channel-status} at start and stop. Deterministic for a given seed.
 */
public final class SyntheticSource implements AutoCloseable {

    private static final double FPS = 25;

    private final SyntheticSettings config;
    private final EventCatalog catalog;
    private final EventSink sink;
    private final EventEnvelope envelope = new EventEnvelope();
    private final Random random = new Random(42);
    private final List<Scene> scenes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public SyntheticSource(SyntheticSettings config, EventCatalog catalog, EventSink sink) {
        this.config = config;
        this.catalog = catalog;
        this.sink = sink;
        config.channels().forEach(c -> scenes.add(new Scene(c)));
        this.thread = new Thread(this::run, "synthetic-source");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        long frame = 0;
        scenes.forEach(s -> status(s, "online", "synthetic source started", 0));
        // one "frame" per tick; each frame emits about eventsPerSecond / FPS events over all channels
        double eventsPerFramePerChannel = config.eventsPerSecond() / FPS / scenes.size();
        while (running) {
            double t = frame / FPS;
            long now = System.currentTimeMillis();
            for (Scene scene : scenes) {
                scene.step(frame, t, now, eventsPerFramePerChannel);
            }
            if (frame > 0 && frame % (long) (5 * FPS) == 0) {
                for (Scene scene : scenes) {
                    statistics(scene, frame, t, now);
                }
            }
            frame++;
            long due = start + (long) (frame * 1e9 / FPS);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void status(Scene s, String status, String reason, long frame) {
        ObjectNode e = envelope.start(
                "channel-status",
                catalog.latest("channel-status"),
                s.channel,
                frame,
                frame / FPS,
                System.currentTimeMillis());
        e.put("status", status).put("reason", reason);
        sink.accept(e);
    }

    private void statistics(Scene s, long frame, double t, long now) {
        ObjectNode e = envelope.start("statistics", catalog.latest("statistics"), s.channel, frame, t, now);
        e.put("frames_processed", frame)
                .put("frame_rate", FPS)
                .put("latency_ms", 0.0)
                .put("dropped_frames", 0);
        sink.accept(e);
    }

    /** Stops emitting and says the channels went offline. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scenes.forEach(s -> status(s, "offline", "synthetic source stopped", 0));
    }

    /** One simulated channel: objects walking left to right at various heights. */
    private final class Scene {
        final String channel;
        final List<double[]> objects = new ArrayList<>(); // x, y, dx per second, id, class index
        final String[] classes = {"Person", "Vehicle", "Bicycle"};
        final SyntheticPictures pictures = new SyntheticPictures();
        long nextId = 1;
        double budget;

        Scene(String channel) {
            this.channel = channel;
        }

        private int inRightHalf;

        /** Advances one frame and spends this channel's event budget. */
        void step(long frame, double t, long now, double share) {
            budget = Math.min(budget + share, 50);
            if (objects.isEmpty() || (objects.size() < 3 && random.nextDouble() < 0.05)) {
                objects.add(new double[] {
                    0,
                    0.1 + random.nextDouble() * 0.7,
                    0.05 + random.nextDouble() * 0.15,
                    nextId++,
                    random.nextInt(classes.length)
                });
            }
            for (int i = objects.size() - 1; i >= 0; i--) {
                double[] o = objects.get(i);
                double before = o[0];
                o[0] += o[2] / FPS;
                if (before < 0.5 && o[0] >= 0.5) {
                    budget -= emit(crossing(o, frame, t, now));
                    budget -= emit(area("event-area-enter", o, frame, t, now));
                    budget -= emit(area("event-intrusion", o, frame, t, now));
                    budget -= occupancy(+1, frame, t, now);
                    budget -= emit(picture(CropEvents.CROP, o, frame, t, now));
                    budget -= emit(attribute(o, frame, t, now));
                }
                if (before < 0.7 && o[0] >= 0.7) {
                    budget -= emit(loitering("event-loitering", o, frame, t, now));
                }
                if (o[0] >= 0.9) {
                    budget -= emit(area("event-area-exit", o, frame, t, now));
                    budget -= emit(area("event-intrusion-end", o, frame, t, now));
                    budget -= emit(loitering("event-loitering-end", o, frame, t, now));
                    budget -= occupancy(-1, frame, t, now);
                    budget -= emit(picture(CropEvents.BEST_CROP, o, frame, t, now));
                    budget -= emit(clip(o, frame, t, now));
                    objects.remove(i);
                }
            }
            // Rarer types first, once a second (metadata every 10 s), so that every type shows up at any rate;
            // tracks take what is left of the budget.
            if (!objects.isEmpty() && frame % (long) FPS == 0) {
                budget -= emit(motion(frame, t, now));
                budget -= emit(inference(frame, t, now));
            }
            if (frame % (long) (10 * FPS) == 0) {
                budget -= emit(metadata(frame, t, now));
            }
            for (double[] o : objects) {
                if (budget < 1) {
                    break;
                }
                budget -= emit(track(o, frame, t, now));
            }
        }

        /** What an AI extension would answer for this frame: one entity per object, in LVA's format. */
        ObjectNode inference(long frame, double t, long now) {
            ObjectNode e = envelope.start("inference", catalog.latest("inference"), channel, frame, t, now);
            var list = e.putArray("inferences");
            for (double[] o : objects) {
                ObjectNode entity = list.addObject().put("type", "entity").putObject("entity");
                entity.putObject("tag").put("value", classes[(int) o[4]]).put("confidence", 0.9);
                box(entity.putObject("box"), o);
            }
            return e;
        }

        /** A {@code crop} or {@code best-crop} of the object as it is now. */
        ObjectNode picture(String type, double[] o, long frame, double t, long now) {
            CropJob job = job(o, type.equals(CropEvents.BEST_CROP));
            ObjectNode e = envelope.start(type, catalog.latest(type), channel, frame, t, now);
            return TrackCrops.picture(e, pictures.cut(stamp(frame, t, now), job, (int) o[4]));
        }

        /** The object's colour, as read from its picture. */
        ObjectNode attribute(double[] o, long frame, double t, long now) {
            ObjectNode e =
                    envelope.start(CropEvents.ATTRIBUTE, catalog.latest(CropEvents.ATTRIBUTE), channel, frame, t, now);
            return TrackCrops.attribute(e, job(o, false), pictures.colour((int) o[4]));
        }

        private CropJob job(double[] o, boolean best) {
            long id = (long) o[3];
            return new CropJob(
                    id,
                    channel + "-" + id,
                    classes[(int) o[4]],
                    0.9,
                    best,
                    0.9 * 26 * 27,
                    round(o[0]),
                    round(o[1]),
                    0.08,
                    0.15);
        }

        private FrameStamp stamp(long frame, double t, long now) {
            return new FrameStamp(channel, frame, (long) (t * 1e6), now, 320, 180);
        }

        /**
         * A clip of the object's walk through the right half, as a channel's {@code clips} block
         * would announce it (no file behind it: the source makes events, not video).
         */
        ObjectNode clip(double[] o, long frame, double t, long now) {
            ObjectNode e = envelope.start("clip", catalog.latest("clip"), channel, frame, t, now);
            long start = now - Math.round(0.4 / Math.max(o[2], 1e-9) * 1000);
            String id = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
                    .withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.ofEpochMilli(start));
            e.put("clip_id", id).put("start_ms", start).put("end_ms", now).put("duration", (now - start) / 1000.0);
            e.putArray("events")
                    .addObject()
                    .put("event_id", channel + "-enter-" + (long) o[3])
                    .put("type", "event-area-enter")
                    .put("class", classes[(int) o[4]])
                    .put("system_timestamp", start);
            String base = "/api/v1/channels/" + channel + "/clips/" + id;
            e.putObject("video").put("url", base + ".mp4").put("file", "synthetic/" + id + ".mp4");
            return e;
        }

        /** A note a client could have written into the channel. */
        ObjectNode metadata(long frame, double t, long now) {
            ObjectNode e = envelope.start("metadata", catalog.latest("metadata"), channel, frame, t, now);
            e.put("source", "synthetic");
            e.putObject("data").put("objects_in_view", objects.size());
            return e;
        }

        private int emit(ObjectNode e) {
            sink.accept(e);
            return 1;
        }

        ObjectNode track(double[] o, long frame, double t, long now) {
            ObjectNode e = envelope.start("track", catalog.latest("track"), channel, frame, t, now);
            e.put("tracking_id", channel + "-" + (long) o[3]);
            ObjectNode object = e.putObject("object");
            object.put("class", classes[(int) o[4]]).put("confidence", 0.9);
            box(e.putObject("box"), o);
            e.putObject("velocity").put("dx", o[2]).put("dy", 0.0);
            e.put("state", o[0] == o[2] / FPS ? "new" : "update").put("age_s", round(o[0] / Math.max(o[2], 1e-9)));
            return e;
        }

        /** Loitering in the right half: the seconds since the object entered it at x = 0.5. */
        ObjectNode loitering(String type, double[] o, long frame, double t, long now) {
            ObjectNode e = envelope.start(type, catalog.latest(type), channel, frame, t, now);
            e.put("zone", "right-half")
                    .put("tracking_id", channel + "-" + (long) o[3])
                    .put("object_class", classes[(int) o[4]]);
            location(e.putObject("location"), o);
            e.put("seconds", round((o[0] - 0.5) / Math.max(o[2], 1e-9)));
            return e;
        }

        /** Occupancy of the right half; an event when it goes above one object and when it is back. */
        private int occupancy(int change, long frame, double t, long now) {
            int before = inRightHalf;
            inRightHalf += change;
            if ((before > 1) == (inRightHalf > 1)) {
                return 0;
            }
            ObjectNode e = envelope.start("event-occupancy", catalog.latest("event-occupancy"), channel, frame, t, now);
            e.put("zone", "right-half")
                    .put("count", inRightHalf)
                    .put("max", 1)
                    .put("state", inRightHalf > 1 ? "above" : "within");
            return emit(e);
        }

        ObjectNode crossing(double[] o, long frame, double t, long now) {
            ObjectNode e = envelope.start(
                    "event-line-crossing", catalog.latest("event-line-crossing"), channel, frame, t, now);
            e.put("line", "middle")
                    .put("tripwire_id", "middle")
                    .put("crossing_direction", "a-b")
                    .put("tracking_id", channel + "-" + (long) o[3])
                    .put("object_class", classes[(int) o[4]]);
            location(e.putObject("location"), o);
            return e;
        }

        ObjectNode area(String type, double[] o, long frame, double t, long now) {
            ObjectNode e = envelope.start(type, catalog.latest(type), channel, frame, t, now);
            e.put("zone", "right-half")
                    .put("area_id", "right-half")
                    .put("area_name", "Right half")
                    .put("tracking_id", channel + "-" + (long) o[3])
                    .put("object_class", classes[(int) o[4]]);
            location(e.putObject("location"), o);
            return e;
        }

        ObjectNode motion(long frame, double t, long now) {
            ObjectNode e = envelope.start("event-motion", catalog.latest("event-motion"), channel, frame, t, now);
            e.put("motion_ratio", round(0.01 * objects.size()));
            var regions = e.putArray("regions");
            for (double[] o : objects) {
                box(regions.addObject().putObject("box"), o);
            }
            return e;
        }

        private void box(ObjectNode box, double[] o) {
            box.put("l", round(o[0])).put("t", round(o[1])).put("w", 0.08).put("h", 0.15);
        }

        private void location(ObjectNode loc, double[] o) {
            loc.put("x", round(o[0])).put("y", round(o[1])).put("width", 0.08).put("height", 0.15);
        }

        private double round(double v) {
            return Math.round(Math.min(Math.max(v, 0), 1) * 10_000) / 10_000.0;
        }
    }
}
