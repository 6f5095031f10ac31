package io.evex.runtime.api;

import io.evex.runtime.http.Access;
import io.evex.runtime.live.LiveVideo;
import io.evex.runtime.live.LiveViewer;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One browser's live-video WebSocket: the channels it watches and its sends, all asynchronous, so a
 * viewer that stops reading holds no thread and the channel's flow control sees its backlog.
 */
final class LiveSocket implements LiveViewer {

    private final Session session;
    private final boolean multiplexed;
    private final Map<String, LiveVideo.Viewing> watching = new LinkedHashMap<>();
    private Access access;

    LiveSocket(Session session, boolean multiplexed) {
        this.session = session;
        this.multiplexed = multiplexed;
    }

    @Override
    public void text(String json) {
        session.sendText(json, Callback.NOOP);
    }

    @Override
    public void binary(ByteBuffer data, Runnable sent) {
        // Failures come when the browser went away: the close that follows ends the viewing.
        session.sendBinary(data, Callback.from(sent, failure -> sent.run()));
    }

    /** What the socket's token gives, or null before it sent one. */
    synchronized Access access() {
        return access;
    }

    synchronized void authorise(Access given) {
        access = given;
    }

    /** Watches {@code channel} from {@code video}, unless already. */
    synchronized void watch(String channel, LiveVideo video) {
        if (session.isOpen() && !watching.containsKey(channel)) {
            watching.put(channel, video.watch(channel, this, multiplexed));
        }
    }

    /** Stops watching every channel not in {@code keep}. */
    synchronized void keepOnly(Set<String> keep) {
        watching.entrySet().removeIf(e -> {
            if (keep.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    /** Refuses the socket with an application close code and a reason the page can show. */
    void refuse(int code, String reason) {
        session.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason, Callback.NOOP);
    }

    synchronized void closed() {
        watching.values().forEach(LiveVideo.Viewing::close);
        watching.clear();
    }
}
