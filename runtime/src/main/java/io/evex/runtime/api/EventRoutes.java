package io.evex.runtime.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.Problem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Events in and out over HTTP: {@code POST /events} (one event or a list, each checked against its
 * schema; all are published or none, with every problem named by item and field) so that an
 * external AI can push its results, and {@code GET /events}: from the event store when one runs
 * ({@link HistoryRoutes}), else the newest in memory, by type and channel.
 */
final class EventRoutes {

    static final int MAX_BYTES = 4 * 1024 * 1024;
    static final int MAX_ITEMS = 1000;
    /** The largest event taken: the newest 1000 are kept for GET /events, so this bounds that memory too. */
    static final int MAX_EVENT_BYTES = 64 * 1024;

    private final Auth auth;
    private final EventCatalog catalog;
    private final EventSink publisher;
    private final RecentEvents recent;
    private final HistoryRoutes history;

    EventRoutes(Auth auth, EventCatalog catalog, EventSink publisher, RecentEvents recent, HistoryRoutes history) {
        this.auth = auth;
        this.catalog = catalog;
        this.publisher = publisher;
        this.history = history;
        this.recent = recent;
    }

    void register(RoutesConfig routes) {
        routes.post(Api.BASE + "/events", this::publish);
        routes.get(Api.BASE + "/events", this::newest);
    }

    /** One problem of a batch: the event's index, the JSON pointer into it, what is wrong. */
    record EventProblem(int index, String pointer, String message) {}

    /** The answer to a batch taken: how many, and their ids in order. */
    record Accepted(int accepted, @JsonProperty("event_ids") List<String> eventIds) {}

    private void publish(Context ctx) {
        Access access = auth.require(ctx);
        Auth.refuseUnless(access, Access.Permission.EVENTS);
        JsonNode body = Json.body(ctx, MAX_BYTES);
        List<JsonNode> items = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(items::add);
        } else {
            items.add(body);
        }
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw ApiException.badRequest("body", "send 1 to " + MAX_ITEMS + " events, not " + items.size());
        }
        List<EventProblem> problems = new ArrayList<>();
        List<ObjectNode> events = new ArrayList<>();
        boolean mayHoldLarge = ctx.contentLength() < 0 || ctx.contentLength() > MAX_EVENT_BYTES;
        for (int i = 0; i < items.size(); i++) {
            if (mayHoldLarge && items.get(i).toString().length() > MAX_EVENT_BYTES) {
                problems.add(
                        new EventProblem(i, "", "an event is at most 64 KiB; put large payloads in files or metadata"));
                continue;
            }
            ObjectNode event = check(access, i, items.get(i), problems);
            if (event != null) {
                events.add(event);
            }
        }
        if (!problems.isEmpty()) {
            ObjectNode out = Json.object();
            out.putObject("error")
                    .put("status", 400)
                    .put("code", "invalid_events")
                    .put("message", problems.size() + " problem(s); nothing was published")
                    .put("field", "body");
            out.set("problems", Json.MAPPER.valueToTree(problems));
            Json.send(ctx, 400, out);
            return; // all or nothing
        }
        List<String> ids = new ArrayList<>();
        for (ObjectNode e : events) {
            publisher.accept(e);
            ids.add(e.get("event_id").asText());
        }
        Json.send(ctx, 202, new Accepted(events.size(), ids));
    }

    /** The event at {@code index} with its envelope filled in, after its problems are added to {@code out}; null when it is no event at all. */
    private ObjectNode check(Access access, int index, JsonNode item, List<EventProblem> out) {
        if (!item.isObject()) {
            out.add(new EventProblem(index, "", "an event is a JSON object"));
            return null;
        }
        ObjectNode event = (ObjectNode) item;
        fillEnvelope(event);
        String type = event.path("$id").asText();
        if (!catalog.versionsByType().containsKey(type)) {
            out.add(new EventProblem(
                    index,
                    "/$id",
                    "unknown event type '" + type + "'; known: "
                            + catalog.versionsByType().keySet()));
            return null;
        }
        for (Problem p : catalog.validate(event, "events", 0)) {
            out.add(new EventProblem(index, p.pointer(), p.message()));
        }
        String channel = event.path("channel").asText();
        if (!auth.within(access, channel)) {
            out.add(new EventProblem(
                    index, "/channel", "this token does not give access to channel '" + channel + "'"));
        }
        return event;
    }

    /** What a producer may leave out: an id and the time it arrived. */
    private static void fillEnvelope(ObjectNode event) {
        if (!event.hasNonNull("event_id")) {
            event.put("event_id", UUID.randomUUID().toString());
        }
        if (!event.hasNonNull("system_timestamp")) {
            event.put("system_timestamp", System.currentTimeMillis());
        }
        if (!event.hasNonNull("system_date")) {
            event.put(
                    "system_date",
                    Instant.ofEpochMilli(event.path("system_timestamp").asLong())
                            .toString());
        }
    }

    /** From the store when one keeps the type asked for; else the newest in memory. */
    private void newest(Context ctx) {
        if (history.answers(ctx)) {
            history.page(ctx);
            return;
        }
        Access access = auth.require(ctx);
        int limit = (int) Params.number(ctx, "limit", 100, 1, 1000);
        String type = ctx.queryParam("type");
        String channel = ctx.queryParam("channel");
        ArrayNode list = Json.array();
        for (ObjectNode e : recent.newest(type, channel, access.admin() ? limit : 10 * limit)) {
            if (access.admin() || auth.reaches(access, e.path("channel").asText())) {
                list.add(e);
            }
        }
        while (list.size() > limit) {
            list.remove(0);
        }
        ObjectNode out = Json.object();
        out.set("events", list);
        Json.send(ctx, 200, out);
    }
}
