package io.evex.runtime.media;

/**
 * A video exporter whose encode is only worth making while someone watches (live annotated video):
 * a rendition all of whose outlets say no skips its frames, and starts again at a key frame.
 */
public interface OnDemand {

    /** Whether anyone takes {@code channel}'s video from this exporter now. */
    boolean watched(String channel);
}
