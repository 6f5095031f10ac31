package io.evex.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Setting;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.reconfig.Reconfiguration;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Changing the running runtime (admin): the exporter kinds and their settings (what a form shows),
 * exporters checked, added, changed and removed, a channel's zones and lines. Every change is kept
 * in {@code .evex/overrides.json} (see {@link Reconfiguration}).
 */
final class ConfigRoutes {

    private static final int MAX_BYTES = 256 * 1024;

    private final Auth auth;
    private final Supplier<Reconfiguration> live;
    private final Supplier<Map<String, ExporterKind>> kinds;

    ConfigRoutes(Auth auth, Supplier<Reconfiguration> live, Supplier<Map<String, ExporterKind>> kinds) {
        this.auth = auth;
        this.live = live;
        this.kinds = kinds;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/exporter-kinds", ctx -> {
            auth.admin(ctx);
            Json.send(ctx, 200, kinds());
        });
        routes.get(Api.BASE + "/config/exporters", ctx -> {
            auth.admin(ctx);
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("exporters");
            live.get().exporters().forEach(list::add);
            Json.send(ctx, 200, body);
        });
        routes.post(Api.BASE + "/config/exporters/{name}/check", ctx -> {
            auth.admin(ctx);
            JsonNode entry = Json.body(ctx, MAX_BYTES);
            // A check is an answer, not a failure: 200 either way, with every problem by its field.
            ObjectNode answer = Json.object();
            ArrayNode problems = answer.putArray("problems");
            try {
                live.get().check(ctx.pathParam("name"), entry);
            } catch (ProblemException e) {
                invalid(e)
                        .problems()
                        .forEach((field, message) ->
                                problems.addObject().put("field", field).put("message", message));
            }
            answer.put("ok", problems.isEmpty());
            Json.send(ctx, 200, answer);
        });
        routes.put(Api.BASE + "/config/exporters/{name}", ctx -> {
            auth.admin(ctx);
            String name = ctx.pathParam("name");
            JsonNode entry = Json.body(ctx, MAX_BYTES);
            boolean created;
            try {
                created = live.get().putExporter(name, entry);
            } catch (ProblemException e) {
                throw invalid(e);
            }
            Json.send(ctx, created ? 201 : 200, Json.object().put("name", name).put("created", created));
        });
        routes.delete(Api.BASE + "/config/exporters/{name}", ctx -> {
            auth.admin(ctx);
            if (!live.get().removeExporter(ctx.pathParam("name"))) {
                throw ApiException.notFound("there is no exporter '" + ctx.pathParam("name") + "'");
            }
            ctx.status(204);
        });
        routes.put(Api.BASE + "/config/channels/{id}", ctx -> {
            auth.admin(ctx);
            String id = ctx.pathParam("id");
            JsonNode entry = Json.body(ctx, MAX_BYTES);
            boolean created;
            try {
                created = live.get().putChannel(id, entry);
            } catch (ProblemException e) {
                throw invalid(e);
            } catch (IllegalStateException e) {
                throw new ApiException(409, "conflict", e.getMessage(), null);
            }
            Json.send(ctx, created ? 201 : 200, Json.object().put("id", id).put("created", created));
        });
        routes.delete(Api.BASE + "/config/channels/{id}", ctx -> {
            auth.admin(ctx);
            boolean removed;
            try {
                removed = live.get().removeChannel(ctx.pathParam("id"));
            } catch (IllegalStateException e) {
                throw new ApiException(409, "conflict", e.getMessage(), null);
            }
            if (!removed) {
                throw ApiException.notFound("no channel '" + ctx.pathParam("id") + "' runs");
            }
            ctx.status(204);
        });
        routes.get(Api.BASE + "/channels/{id}/rules", ctx -> {
            auth.channel(ctx, ctx.pathParam("id")); // read by any token reaching the channel; changed by admins
            Json.send(ctx, 200, rules(ctx));
        });
        routes.put(Api.BASE + "/channels/{id}/rules", ctx -> {
            auth.admin(ctx);
            JsonNode body = Json.body(ctx, MAX_BYTES);
            try {
                Json.send(ctx, 200, live.get().putRules(ctx.pathParam("id"), body));
            } catch (ProblemException e) {
                throw invalid(e);
            } catch (NoSuchElementException e) {
                throw ApiException.notFound(e.getMessage());
            }
        });
    }

    private JsonNode rules(Context ctx) {
        try {
            return live.get().rules(ctx.pathParam("id"));
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private ObjectNode kinds() {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("kinds");
        kinds.get().values().forEach(k -> {
            ObjectNode o = list.addObject();
            o.put("name", k.name())
                    .put("description", k.factory().description())
                    .put("origin", k.origin());
            ArrayNode settings = o.putArray("settings");
            for (Setting s : k.factory().settings().settings()) {
                ObjectNode x = settings.addObject();
                x.put("key", s.key()).put("type", s.type().jsonName()).put("label", s.label());
                x.set("default", Json.MAPPER.valueToTree(s.defaultValue()));
                x.put("required", s.defaultValue() == null).put("help", s.help());
                if (s.min() != null) {
                    x.put("min", s.min());
                }
                if (s.max() != null) {
                    x.put("max", s.max());
                }
                if (!s.options().isEmpty()) {
                    ArrayNode options = x.putArray("options");
                    s.options().forEach(options::add);
                }
            }
        });
        return body;
    }

    private static ApiException invalid(ProblemException e) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (Problem p : e.problems()) {
            byField.merge(p.pointer(), p.message(), (a, b) -> a + "; " + b);
        }
        return ApiException.invalid(byField);
    }
}
