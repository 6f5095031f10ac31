package io.evex.runtime.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Durations;
import io.evex.api.history.Bucket;
import io.evex.api.history.EventHistory;
import io.evex.api.history.EventPage;
import io.evex.api.history.EventQuery;
import io.evex.api.history.StatsQuery;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The event history, from the store ({@link EventHistory}): {@code GET /events} with filters and a
 * cursor, {@code /events/{id}} (and its picture), {@code /events/stats} (counts per bucket). Every
 * answer holds only the channels the token reaches; a channel asked for outside them is refused.
 */
final class HistoryRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The store, and the event types it keeps (the others are only in the recent ones in memory). */
    record Store(EventHistory history, Set<String> types) {}

    private final Auth auth;
    private final Supplier<Optional<Store>> store;

    HistoryRoutes(Auth auth, Supplier<Optional<Store>> store) {
        this.auth = auth;
        this.store = store;
    }

    /** Before {@code /events/{id}}: these paths are no ids. */
    void registerStats(RoutesConfig routes) {
        routes.get(Api.BASE + "/events/stats", this::stats);
    }

    void registerById(RoutesConfig routes) {
        routes.get(Api.BASE + "/events/{id}", this::one);
        routes.get(Api.BASE + "/events/{id}/picture", this::picture);
    }

    /** Whether {@code GET /events} with these parameters is for the store (else the recent ones). */
    boolean answers(Context ctx) {
        Optional<Store> s = store.get();
        String type = ctx.queryParam("type");
        return s.isPresent() && (type == null || s.get().types().contains(type));
    }

    /** {@code GET /events} from the store. */
    void page(Context ctx) {
        Access access = auth.require(ctx);
        EventHistory history = history();
        long now = System.currentTimeMillis();
        long[] range = Params.range(ctx, 0, now, Long.MAX_VALUE);
        String order = Optional.ofNullable(ctx.queryParam("order")).orElse("newest");
        if (!order.equals("newest") && !order.equals("oldest")) {
            throw ApiException.badRequest("order", "order is newest or oldest, not '" + order + "'");
        }
        EventQuery q = new EventQuery(
                range[0],
                range[1],
                channels(access, Params.list(ctx, "channel")),
                ctx.queryParam("type"),
                ctx.queryParam("zone"),
                ctx.queryParam("line"),
                ctx.queryParam("class"),
                ctx.queryParam("tracking_id"),
                (int) Params.number(ctx, "limit", 100, 1, 1000),
                ctx.queryParam("cursor"),
                order.equals("newest"));
        EventPage page;
        try {
            page = history.query(q);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cursor", e.getMessage());
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("events");
        for (String e : page.events()) {
            list.add(parse(e));
        }
        out.put("next", page.next());
        Json.send(ctx, 200, out);
    }

    record Count(
            @JsonProperty("start") long startMillis,
            long count,
            @JsonProperty("occupancy_max") Long occupancyMax) {}

    record Stats(long from, long to, String bucket, List<Count> buckets) {}

    private void stats(Context ctx) {
        Access access = auth.require(ctx);
        EventHistory history = history();
        long now = System.currentTimeMillis();
        long[] range = Params.range(ctx, now - 86_400_000L, now, Long.MAX_VALUE);
        String bucket = Optional.ofNullable(ctx.queryParam("bucket")).orElse("1h");
        long bucketMillis;
        try {
            bucketMillis = Durations.parse(bucket).toMillis();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bucket", "bucket: " + e.getMessage());
        }
        if (bucketMillis < 1_000) {
            throw ApiException.badRequest("bucket", "a bucket is at least 1s, not " + bucket);
        }
        List<Bucket> counts;
        try {
            counts = history.stats(new StatsQuery(
                    range[0],
                    range[1],
                    bucketMillis,
                    channels(access, Params.list(ctx, "channel")),
                    ctx.queryParam("type"),
                    ctx.queryParam("zone")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bucket", e.getMessage());
        }
        Json.send(
                ctx,
                200,
                new Stats(
                        range[0],
                        range[1],
                        bucket,
                        counts.stream()
                                .map(b -> new Count(b.startMillis(), b.count(), b.occupancyMax()))
                                .toList()));
    }

    private void one(Context ctx) {
        Access access = auth.require(ctx);
        JsonNode e = reachable(access, ctx.pathParam("id"));
        Json.send(ctx, 200, e);
    }

    private void picture(Context ctx) throws IOException {
        Access access = auth.require(ctx);
        String id = ctx.pathParam("id");
        reachable(access, id);
        Path file =
                history().picture(id).orElseThrow(() -> ApiException.notFound("event '" + id + "' kept no picture"));
        ctx.header("Cache-Control", "private, max-age=86400");
        ctx.contentType("image/jpeg").result(Files.readAllBytes(file));
    }

    /** The stored event, when there is one and the token reaches its channel (404 either way, naming nothing). */
    private JsonNode reachable(Access access, String id) {
        JsonNode e = history().find(id).map(HistoryRoutes::parse).orElse(null);
        if (e == null || !auth.reaches(access, e.path("channel").asText())) {
            throw ApiException.notFound("no event '" + id + "' within this token's reach");
        }
        return e;
    }

    /** The channels to look in: those asked for (each must be reachable), else all the token reaches (null: all). */
    private Set<String> channels(Access access, Set<String> asked) {
        for (String c : asked) {
            if (!auth.reaches(access, c)) {
                throw ApiException.forbidden("this token does not reach channel '" + c + "'");
            }
        }
        if (!asked.isEmpty()) {
            return asked;
        }
        return auth.channels(access);
    }

    private EventHistory history() {
        return store.get()
                .orElseThrow(() -> ApiException.notFound(
                        "no event store runs: add an exporter of type store (it is on by default) to keep the history"))
                .history();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("the store holds an event that is no JSON: " + e.getMessage());
        }
    }
}
