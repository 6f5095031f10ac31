package io.evex.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /events/stream?channel=&type=}: the events published from now on, as Server-Sent
 * Events (one {@code data:} line of JSON each, {@code id:} the event id), for the channels the token
 * reaches. A publisher never waits for a viewer: each viewer has a queue of {@value #QUEUE} events;
 * when it is full the newest are dropped and the viewer is told how many with an {@code event:
 * dropped}. Each event is written to text once for every viewer that wants it.
 */
final class EventStream {

    private static final int QUEUE = 512;
    private static final long HEARTBEAT_MS = 15_000;

    /** One viewer: what it wants, and what waits to be sent to it. */
    private record Viewer(
            Access access, Set<String> channels, Set<String> types, BlockingQueue<String> queue, AtomicLong dropped) {
        boolean wants(String channel, String type) {
            return (channels.isEmpty() || channels.contains(channel)) && (types.isEmpty() || types.contains(type));
        }
    }

    private final Auth auth;
    private final CopyOnWriteArrayList<Viewer> viewers = new CopyOnWriteArrayList<>();

    EventStream(Auth auth) {
        this.auth = auth;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/events/stream", this::open);
    }

    /** Viewers connected now. */
    int viewers() {
        return viewers.size();
    }

    /** Sees a published event (on the publisher's thread: quick, never blocks). */
    void offer(ObjectNode event) {
        if (viewers.isEmpty()) {
            return;
        }
        String channel = event.path("channel").asText();
        String type = event.path("$id").asText();
        String text = null;
        for (Viewer v : viewers) {
            if (v.wants(channel, type) && auth.reaches(v.access, channel)) {
                if (text == null) {
                    text = event.toString();
                }
                if (!v.queue.offer(text)) {
                    v.dropped.incrementAndGet();
                }
            }
        }
    }

    private void open(Context ctx) throws Exception {
        Access access = auth.require(ctx);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiException(
                    406,
                    "not_acceptable",
                    "this is a stream of Server-Sent Events: ask with Accept: text/event-stream"
                            + " (as EventSource does; curl -N -H 'Accept: text/event-stream' ...)",
                    "Accept");
        }
        Set<String> channels = Params.list(ctx, "channel");
        for (String c : channels) {
            if (!auth.reaches(access, c)) {
                throw ApiException.forbidden("the token does not reach channel '" + c + "'");
            }
        }
        Viewer viewer = new Viewer(
                access, channels, Params.list(ctx, "type"), new ArrayBlockingQueue<>(QUEUE), new AtomicLong());
        try (var slot = auth.streams().take(ctx)) {
            new SseHandler(client -> serve(client, viewer)).handle(ctx);
        }
    }

    /** Runs on the request's thread until the viewer goes away. */
    private void serve(SseClient client, Viewer viewer) {
        viewers.add(viewer);
        try {
            client.sendComment("evex events");
            while (!client.terminated()) {
                String next = viewer.queue.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
                long dropped = viewer.dropped.getAndSet(0);
                if (dropped > 0) {
                    client.sendEvent("dropped", "{\"dropped\":" + dropped + "}");
                }
                if (next == null) {
                    client.sendComment("still here");
                } else {
                    client.sendEvent("message", next, idOf(next));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the viewer went away mid-write
        } finally {
            viewers.remove(viewer);
        }
    }

    private static String idOf(String json) {
        int at = json.indexOf("\"event_id\":\"");
        if (at < 0) {
            return null;
        }
        int start = at + 12;
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }
}
