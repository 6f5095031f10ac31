package io.evex.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.live.LiveViewer;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A live stream as one plain HTTP response (for players that do not speak WebSocket: ffplay, VLC,
 * ffprobe): the init segment, then every fragment, until the channel stops or changes format.
 * Its queue is bounded by the channel's per-viewer flow control, not here.
 */
final class LiveStream implements LiveViewer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A channel silent this long (its camera stalled without closing) ends the response. */
    private static final long SILENCE_MS = 30_000;

    private record Media(ByteBuffer data, Runnable sent) {}

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void text(String json) {
        queue.add(json);
    }

    @Override
    public void binary(ByteBuffer data, Runnable sent) {
        queue.add(new Media(data, sent));
    }

    /** Writes the stream until it ends or the client goes away; 503 when the channel has no video now. */
    void serve(Context ctx) throws IOException, InterruptedException {
        Object first = queue.poll(5, TimeUnit.SECONDS);
        if (!(first instanceof String text) || !type(text).equals("stream")) {
            throw ApiException.busy(
                    503, "no_video", "the channel has no video now (offline or reconnecting); try again shortly", 5);
        }
        ctx.contentType("video/mp4");
        ctx.header("Cache-Control", "no-store");
        // The servlet's own stream: Javalin's may buffer for compression, and live video must not wait.
        OutputStream out = ctx.res().getOutputStream();
        WritableByteChannel channel = Channels.newChannel(out);
        try {
            while (true) {
                Object next = queue.poll(SILENCE_MS, TimeUnit.MILLISECONDS);
                if (next == null || next instanceof String) {
                    return; // silent, offline, or a new stream a single MP4 response cannot carry
                }
                Media m = (Media) next;
                try {
                    channel.write(m.data().duplicate());
                } finally {
                    m.sent().run();
                }
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the player went away
        } finally {
            drain();
        }
    }

    /** Lets the channel's flow control forget what this viewer will never send. */
    private void drain() {
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof Media m) {
                m.sent().run();
            }
        }
    }

    private static String type(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node.path("type").asText();
        } catch (IOException e) {
            return "";
        }
    }
}
