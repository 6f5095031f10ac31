package io.evex.runtime.live;

import java.nio.ByteBuffer;

/**
 * Where a viewer's messages go (a WebSocket, an HTTP response): both calls return at once and never
 * block the channel; {@code sent} runs when the bytes left (or the viewer went away).
 */
public interface LiveViewer {

    /** A JSON text message: which stream follows, or that the channel went offline. */
    void text(String json);

    /**
     * Media bytes: an init segment or a fragment. {@code data} is shared with every other viewer:
     * read it, never write into it.
     */
    void binary(ByteBuffer data, Runnable sent);
}
