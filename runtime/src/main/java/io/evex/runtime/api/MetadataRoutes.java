package io.evex.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.Problem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code POST /channels/{id}/metadata}: any JSON (at most {@value #MAX_BYTES} bytes) written into
 * a channel — kept with it and published as a {@code metadata} event at the channel's current
 * frame; {@code GET} reads it back by time.
 */
final class MetadataRoutes {

    static final int MAX_BYTES = 64 * 1024;

    private final Auth auth;
    private final LiveFrames live;
    private final MetadataStore store;
    private final EventCatalog catalog;
    private final EventSink publisher;
    private final EventEnvelope envelope = new EventEnvelope();

    MetadataRoutes(Auth auth, LiveFrames live, MetadataStore store, EventCatalog catalog, EventSink publisher) {
        this.auth = auth;
        this.live = live;
        this.store = store;
        this.catalog = catalog;
        this.publisher = publisher;
    }

    /** The answer to a write: the event it was published as, and when. */
    record Written(String eventId, long systemTimestamp) {}

    /** What a channel keeps between two times, oldest first: the {@code metadata} events. */
    record Kept(List<ObjectNode> metadata) {}

    void register(RoutesConfig routes) {
        routes.post(Api.BASE + "/channels/{id}/metadata", this::write);
        routes.get(Api.BASE + "/channels/{id}/metadata", this::read);
    }

    private void write(Context ctx) {
        Channel c = ChannelRoutes.reachable(auth, live, ctx, Access.Permission.METADATA);
        JsonNode data = Json.body(ctx, MAX_BYTES);
        String source = ctx.queryParam("source") == null ? "api" : ctx.queryParam("source");
        long now = System.currentTimeMillis();
        long frame = c.framesDecoded();
        ObjectNode event = envelope.start("metadata", catalog.latest("metadata"), c.name(), frame, 0, now);
        event.put("source", source);
        event.set("data", data);
        List<Problem> problems = catalog.validate(event, "metadata", 0);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("body", problems.get(0).toString());
        }
        // the size as received (a chunked body: as written out again), and the envelope around it
        int bytes =
                (ctx.contentLength() > 0 ? ctx.contentLength() : data.toString().length()) + 512;
        store.add(c.name(), event, bytes);
        publisher.accept(event);
        Json.send(ctx, 201, new Written(event.get("event_id").asText(), now));
    }

    private void read(Context ctx) {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        long[] range = Params.range(ctx, 0, Long.MAX_VALUE - 1, Long.MAX_VALUE);
        Json.send(ctx, 200, new Kept(List.copyOf(store.between(c.name(), range[0], range[1]))));
    }
}
