package io.evex.runtime.channel;

import io.evex.runtime.analysis.AnalysisPipeline;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.video.ChannelListener;
import io.evex.runtime.video.FrameCache;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The one owner of the channels that run: every start, stop and restart goes through here (the
 * runtime at start, reconfiguration over the API, a cluster node given or losing a channel), so
 * two of them never run under one name and each stop flushes its outputs.
 */
public final class RunningChannels {

    /** Makes the analysis stages of a channel, given where its events go and its frame cache. */
    @FunctionalInterface
    public interface AnalysisFactory {
        AnalysisPipeline create(ChannelSettings channel, EventSink sink, EventEnvelope envelope, FrameCache cache);
    }

    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final EventSink sink;
    private final EventEnvelope envelope = new EventEnvelope();
    private final Function<ChannelSettings, ChannelListener> outputs;
    private final AnalysisFactory analysis;

    /**
     * @param sink where every channel's events go
     * @param outputs the media outputs a channel's frames and packets go to
     * @param analysis the analysis stages of each channel
     */
    public RunningChannels(
            EventSink sink, Function<ChannelSettings, ChannelListener> outputs, AnalysisFactory analysis) {
        this.sink = sink;
        this.outputs = outputs;
        this.analysis = analysis;
    }

    /**
     * Starts a channel.
     *
     * @throws IllegalArgumentException when a channel of that name runs already
     */
    public synchronized Channel start(ChannelSettings c) {
        if (find(c.name()).isPresent()) {
            throw new IllegalArgumentException("channel '" + c.name() + "' runs already");
        }
        Channel channel = new Channel(
                        c, sink, envelope, outputs.apply(c), cache -> analysis.create(c, sink, envelope, cache))
                .start();
        channels.add(channel);
        return channel;
    }

    /** Stops a channel (its outputs are flushed and closed); false when none runs by that name. */
    public synchronized boolean stop(String name, long timeoutMs) {
        Optional<Channel> running = find(name);
        running.ifPresent(c -> {
            c.stop(timeoutMs);
            channels.remove(c);
        });
        return running.isPresent();
    }

    /** Stops the channel of that name if one runs and starts it with {@code c}; true when one ran. */
    public synchronized boolean restart(ChannelSettings c, long timeoutMs) {
        boolean existed = stop(c.name(), timeoutMs);
        start(c);
        return existed;
    }

    /** The running channel of that name. */
    public Optional<Channel> find(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The running channel of that name.
     *
     * @throws NoSuchElementException when none runs
     */
    public Channel get(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException("no channel '" + name + "' runs"));
    }

    /** The running channels, in the order they started. */
    public List<Channel> list() {
        return List.copyOf(channels);
    }

    /** Stops every channel, each within {@code timeoutMs}. */
    public synchronized void stopAll(long timeoutMs) {
        channels.forEach(c -> c.stop(timeoutMs));
    }
}
