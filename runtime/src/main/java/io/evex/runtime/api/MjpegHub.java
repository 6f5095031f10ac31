package io.evex.runtime.api;

import io.evex.runtime.analysis.RateFilter;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.video.VideoFrame;
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

    MjpegHub(PictureCache pictures) {
        this.pictures = pictures;
    }

    /** A new viewer of {@code feed}; starts its producer when it is the first. */
    Viewer watch(Feed feed, Channel channel) {
        Viewer viewer = new Viewer();
        synchronized (producers) {
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
