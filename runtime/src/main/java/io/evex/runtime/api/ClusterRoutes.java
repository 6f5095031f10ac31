package io.evex.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.cluster.ChannelRegistry;
import io.evex.runtime.cluster.ClusterNode;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.cluster.ClusterStatus;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * A cluster's channel definitions and nodes over HTTP, as {@code evex channels} and {@code evex
 * cluster status} give them (admin token): {@code GET /cluster/channels}, {@code PUT} and {@code
 * DELETE /cluster/channels/{id}}, {@code GET /cluster/nodes}. Any node answers; the node Kafka gives
 * the channel's partition runs it.
 */
final class ClusterRoutes {

    private static final int MAX_BYTES = 256 * 1024;

    private final Auth auth;
    private final ClusterSettings settings;
    private final ClusterNode.Definitions definitions;
    private ChannelRegistry registry;

    ClusterRoutes(Auth auth, ClusterSettings settings, ClusterNode.Definitions definitions) {
        this.auth = auth;
        this.settings = settings;
        this.definitions = definitions;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/cluster/channels", ctx -> {
            auth.admin(ctx);
            ObjectNode body = Json.object();
            ObjectNode channels = body.putObject("channels");
            registry().list().forEach(channels::set);
            Json.send(ctx, 200, body);
        });
        routes.put(Api.BASE + "/cluster/channels/{id}", this::put);
        routes.delete(Api.BASE + "/cluster/channels/{id}", ctx -> {
            auth.admin(ctx);
            String id = ctx.pathParam("id");
            if (!registry().list().containsKey(id)) {
                throw ApiException.notFound("the cluster has no channel '" + id + "'");
            }
            registry().delete(id);
            ctx.status(204);
        });
        routes.get(Api.BASE + "/cluster/nodes", ctx -> {
            auth.admin(ctx);
            long now = System.currentTimeMillis();
            ObjectNode body = Json.object();
            body.put("group", settings.group());
            ArrayNode nodes = body.putArray("nodes");
            for (Map.Entry<String, JsonNode> n : ClusterStatus.read(settings).entrySet()) {
                ObjectNode node = nodes.addObject();
                node.put("node", n.getKey()).put("alive", ClusterStatus.alive(n.getValue(), now));
                node.set("status", n.getValue());
            }
            Json.send(ctx, 200, body);
        });
    }

    /** Checked as the configuration file's channel entries are; the path names the channel. */
    private void put(Context ctx) {
        auth.admin(ctx);
        String id = ctx.pathParam("id");
        JsonNode body = Json.body(ctx, MAX_BYTES);
        if (!body.isObject()) {
            throw ApiException.badRequest("body", "a channel is a JSON object, as a configuration's channels[] entry");
        }
        ObjectNode entry = (ObjectNode) body;
        if (entry.has("name") && !entry.get("name").asText().equals(id)) {
            throw ApiException.badRequest(
                    "name", "the body names channel '" + entry.get("name").asText() + "', the path '" + id + "'");
        }
        entry.put("name", id);
        try {
            definitions.channel(entry, "request body");
        } catch (ProblemException e) {
            Problem first = e.problems().get(0);
            throw ApiException.badRequest(first.pointer().isEmpty() ? "body" : first.pointer(), first.message());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        boolean existed = registry().list().containsKey(id);
        registry().put(entry);
        ObjectNode answer = Json.object();
        answer.put("id", id).put("created", !existed);
        Json.send(ctx, existed ? 200 : 201, answer);
    }

    /** Made on first use: it makes the topics, which needs the cluster. */
    private synchronized ChannelRegistry registry() {
        if (registry == null) {
            registry = new ChannelRegistry(settings);
        }
        return registry;
    }
}
