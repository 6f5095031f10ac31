package io.evex.runtime.media;

import io.evex.api.Exporter;
import io.evex.api.media.ImageExporter;
import io.evex.api.media.VideoExporter;
import io.evex.runtime.bus.delivery.ChannelScope;
import io.evex.runtime.exporter.LoaderSwap;
import io.evex.runtime.video.ChannelListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media side of a run: one outlet per media exporter, and per channel a
 * {@link ChannelMedia} that builds the renditions those outlets need.
 */
public final class MediaHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaHub.class);

    /**
     * A started exporter, with the class loader of its plugin and the channels it takes; those that
     * are video or image exporters get media of those channels.
     */
    public record Member(String name, Exporter exporter, ClassLoader loader, ChannelScope scope) {

        public Member(String name, Exporter exporter, ClassLoader loader) {
            this(name, exporter, loader, ChannelScope.ALL);
        }
    }

    private final List<VideoOutlet> video = new ArrayList<>();
    private final List<ImageOutlet> images = new ArrayList<>();
    private final List<ChannelMedia> channels = new ArrayList<>();
    private final Map<Outlet, ChannelScope> scopes = new HashMap<>();

    /** Opens an outlet for each member that implements {@link VideoExporter} or {@link ImageExporter}. */
    public MediaHub(List<Member> members) {
        this(members, Map.of());
    }

    /**
     * As above, plus the runtime's own video outputs ({@code builtIn}, by name: the HTTP API's live
     * video), which take every channel.
     */
    public MediaHub(List<Member> members, Map<String, VideoExporter> builtIn) {
        builtIn.forEach((name, v) -> {
            VideoOutlet o = new VideoOutlet(name, v, v.videoRequest(), MediaHub.class.getClassLoader());
            video.add(o);
            scopes.put(o, ChannelScope.ALL);
        });
        for (Member m : members) {
            try (LoaderSwap swap = LoaderSwap.use(m.loader())) {
                if (m.exporter() instanceof VideoExporter v) {
                    VideoOutlet o = new VideoOutlet(m.name(), v, v.videoRequest(), m.loader());
                    video.add(o);
                    scopes.put(o, m.scope());
                }
                if (m.exporter() instanceof ImageExporter i && i.imageRequest() != null) {
                    ImageOutlet o = new ImageOutlet(m.name(), i, i.imageRequest(), m.loader());
                    images.add(o);
                    scopes.put(o, m.scope());
                }
            } catch (RuntimeException e) {
                LOG.error("media exporter '{}' gets no media: its request is invalid: {}", m.name(), e.getMessage());
            }
        }
    }

    /** Whether any exporter takes media. */
    public boolean isEmpty() {
        return video.isEmpty() && images.isEmpty();
    }

    /**
     * The listener for one channel's video: it feeds the media exporters that take the channel (an
     * exporter's {@code channels}, a channel's {@code exporters}), as events are routed; its tracks
     * carry what the channel says of its {@code recording}.
     */
    public synchronized ChannelListener channel(String name, Map<String, String> recording) {
        List<VideoOutlet> v =
                video.stream().filter(o -> scopes.get(o).allows(name)).toList();
        List<ImageOutlet> i =
                images.stream().filter(o -> scopes.get(o).allows(name)).toList();
        if (v.isEmpty() && i.isEmpty()) {
            return ChannelListener.NONE;
        }
        ChannelMedia media = new ChannelMedia(name, recording, v, i);
        channels.add(media);
        return media;
    }

    /** Per exporter: packets or images written, dropped and failed. */
    public Map<String, Map<String, Long>> stats() {
        Map<String, Map<String, Long>> stats = new LinkedHashMap<>();
        List<Outlet> all = new ArrayList<>(video);
        all.addAll(images);
        for (Outlet o : all) {
            stats.put(
                    o.name(),
                    Map.of(
                            "media_written",
                            o.written(),
                            "media_dropped",
                            o.dropped(),
                            "media_failed",
                            o.failed(),
                            "media_queue",
                            (long) o.depth()));
        }
        return stats;
    }

    /** Finishes the outlets (after the channels have stopped and closed their renditions). */
    @Override
    public void close() {
        video.forEach(Outlet::close);
        images.forEach(Outlet::close);
    }
}
