package io.evex.runtime.service;

import io.evex.runtime.api.ApiHost;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.bus.delivery.WorkerState;
import io.evex.runtime.channel.Channel;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether a runtime is alive, as the watchdog asks every few seconds: its bus delivers (every
 * exporter's worker is running) and no channel is stuck — online, yet not a frame decoded for
 * {@code stallMs}. A channel that reconnects, or has ended, is not stuck: it is doing what it
 * should. A hung reader is what a restart cures, and what a watchdog is for.
 */
final class Liveness {

    /** A channel as last seen: its frame count, and when that last changed. */
    private record Seen(long frames, long sinceMs) {}

    private final long stallMs;
    private final Map<String, Seen> seen = new HashMap<>();

    Liveness(long stallMs) {
        this.stallMs = stallMs;
    }

    /** Null when alive; else what is wrong, to say once. */
    String problem(ApiHost evex, long nowMs) {
        for (ExporterStats s : evex.bus().stats()) {
            if (s.state() != WorkerState.RUNNING) {
                return "exporter '" + s.name() + "' is " + s.state().name().toLowerCase();
            }
        }
        for (Channel c : evex.channels()) {
            String stuck = stuck(c.name(), c.state(), c.framesDecoded(), nowMs);
            if (stuck != null) {
                return stuck;
            }
        }
        return null;
    }

    /** One channel's reading: null, or why it counts as stuck. */
    String stuck(String name, Channel.State state, long frames, long nowMs) {
        Seen before = seen.get(name);
        if (before == null || before.frames != frames || state != Channel.State.ONLINE) {
            seen.put(name, new Seen(frames, nowMs));
            return null;
        }
        long still = nowMs - before.sinceMs;
        return still >= stallMs
                ? "channel '" + name + "' is online but has decoded no frame for " + still / 1000 + " s"
                : null;
    }
}
