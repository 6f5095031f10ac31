package io.evex.runtime.api;

import io.evex.runtime.analysis.RateFilter;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.video.VideoFrame;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live JPEG previews: one producer thread per (channel, form, rate) however many viewers watch it.
 * The producer waits for the channel's next frame, keeps at most {@code fps} a second, takes the
 * picture from the {@link PictureCache} (so a preview and the latest-image requests of the same
 * form share one encode) and hands it to every viewer's one-picture mailbox. A viewer writes from
 * its own request thread: a slow one finds only the newest picture when it is ready again — it
 * skips, and never holds up the others. A producer without viewers ends.
 */
final class MjpegHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MjpegHub.class);

    record Feed(String channel, PictureForm form, double fps) {}

    /** One viewer's mailbox: the newest picture it has not written yet. */
    static final class Viewer {
        private Picture next;
        private boolean ended;
        final LongAdder skipped = new LongAdder();

        synchronized void offer(Picture p) {
            if (next != null) {
                skipped.increment();
            }
            next = p;
            notifyAll();
        }

        /** The next picture, waiting up to {@code timeoutMillis}; null on time-out or end. */
        synchronized Picture take(long timeoutMillis) throws InterruptedException {
            long end = System.currentTimeMillis() + timeoutMillis;
            while (next == null && !ended) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return null;
                }
                wait(left);
            }
            Picture p = next;
            next = null;
            return p;
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        synchronized boolean ended() {
            return ended;
        }
    }

    private final class Producer implements Runnable {
        final Feed feed;
        final Channel channel;
        final Set<Viewer> viewers = new CopyOnWriteArraySet<>();

        Producer(Feed feed, Channel channel) {
            this.feed = feed;
            this.channel = channel;
        }

        @Override
        public void run() {
            RateFilter rate = new RateFilter(feed.fps());
            long lastFrame = -1;
            long idleSince = System.currentTimeMillis();
            try {
                while (!closed) {
                    if (viewers.isEmpty()) {
                        if (System.currentTimeMillis() - idleSince > 5000 && retire(this)) {
                            return;
                        }
                    } else {
                        idleSince = System.currentTimeMillis();
                    }
                    channel.cache().awaitNews(200);
                    VideoFrame frame = channel.cache().latest();
                    if (frame == null) {
                        continue;
                    }
                    try {
                        if (frame.frameId() == lastFrame || !rate.pass(frame.ptsMicros()) || viewers.isEmpty()) {
                            continue;
                        }
                        lastFrame = frame.frameId();
                        Picture p = pictures.picture(frame, feed.form());
                        viewers.forEach(v -> v.offer(p));
                    } finally {
                        frame.release();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("preview of channel '{}' stopped: {}", feed.channel(), e.getMessage());
            } finally {
                viewers.forEach(Viewer::end);
            }
        }
    }

    private final PictureCache pictures;
    private final Map<Feed, Producer> producers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The rates a preview runs at: asked for ones are rounded to these, so that viewers share producers. */
    static final double[] RATES = {0.5, 1, 2, 5, 10, 15, 20, 25, 30};

    private final int formsPerChannel;

    MjpegHub(PictureCache pictures, int formsPerChannel) {
        this.pictures = pictures;
        this.formsPerChannel = formsPerChannel;
    }

    /** The nearest of {@link #RATES} to {@code fps}. */
    static double rate(double fps) {
        double best = RATES[0];
        for (double r : RATES) {
            if (Math.abs(r - fps) < Math.abs(best - fps)) {
                best = r;
            }
        }
        return best;
    }

    /**
     * A new viewer of {@code feed}; starts its producer when it is the first. A channel runs at most
     * {@code formsPerChannel} forms at once: one more is refused (429), naming those it may join.
     */
    Viewer watch(Feed feed, Channel channel) {
        Viewer viewer = new Viewer();
        synchronized (producers) {
            if (!producers.containsKey(feed)) {
                List<Feed> running = producers.keySet().stream()
                        .filter(f -> f.channel().equals(feed.channel()))
                        .toList();
                if (running.size() >= formsPerChannel) {
                    throw ApiException.busy(
                            429,
                            "too_many_preview_forms",
                            "channel '" + feed.channel() + "' runs " + formsPerChannel
                                    + " preview forms already (http.limits.preview_forms); ask for one of them: "
                                    + running.stream().map(MjpegHub::describe).toList(),
                            5);
                }
            }
            Producer p = producers.computeIfAbsent(feed, f -> {
                Producer made = new Producer(f, channel);
                Thread t = new Thread(made, "evex-preview-" + f.channel());
                t.setDaemon(true);
                t.start();
                return made;
            });
            p.viewers.add(viewer);
        }
        return viewer;
    }

    void leave(Feed feed, Viewer viewer) {
        Producer p = producers.get(feed);
        if (p != null) {
            p.viewers.remove(viewer);
        }
        viewer.end();
    }

    private static String describe(Feed f) {
        return "fps=" + f.fps() + (f.form().width() > 0 ? "&width=" + f.form().width() : "")
                + (f.form().height() > 0 ? "&height=" + f.form().height() : "")
                + (f.form().annotated() ? "&annotated=true" : "");
    }

    /** Producers running now. */
    int producers() {
        return producers.size();
    }

    /** Viewers watching now. */
    int viewers() {
        return producers.values().stream().mapToInt(p -> p.viewers.size()).sum();
    }

    private boolean retire(Producer p) {
        synchronized (producers) {
            if (!p.viewers.isEmpty()) {
                return false;
            }
            producers.remove(p.feed);
            return true;
        }
    }

    @Override
    public void close() {
        closed = true;
        producers.values().forEach(p -> p.viewers.forEach(Viewer::end));
    }
}
