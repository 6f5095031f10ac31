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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        routes.get(Api.BASE + "/exporter-kinds", this::exporterKinds);
        routes.get(Api.BASE + "/config/exporters", this::exporters);
        routes.post(Api.BASE + "/config/exporters/{name}/check", this::checkExporter);
        routes.put(Api.BASE + "/config/exporters/{name}", this::putExporter);
        routes.delete(Api.BASE + "/config/exporters/{name}", this::removeExporter);
        routes.put(Api.BASE + "/config/channels/{id}", this::putChannel);
        routes.delete(Api.BASE + "/config/channels/{id}", this::removeChannel);
        routes.get(Api.BASE + "/channels/{id}/rules", this::rules);
        routes.put(Api.BASE + "/channels/{id}/rules", this::putRules);
    }

    /** The answer to a check: every problem by its field; a check is an answer, not a failure (200 either way). */
    record Check(List<FieldProblem> problems, boolean ok) {}

    record FieldProblem(String field, String message) {}

    record PutExporter(String name, boolean created) {}

    record PutChannel(String id, boolean created) {}

    private void exporterKinds(Context ctx) {
        auth.admin(ctx);
        Json.send(ctx, 200, kinds());
    }

    private void exporters(Context ctx) {
        auth.admin(ctx);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("exporters");
        live.get().exporters().forEach(list::add);
        Json.send(ctx, 200, body);
    }

    private void checkExporter(Context ctx) {
        auth.admin(ctx);
        JsonNode entry = Json.body(ctx, MAX_BYTES);
        List<FieldProblem> problems = new ArrayList<>();
        try {
            live.get().check(ctx.pathParam("name"), entry);
        } catch (ProblemException e) {
            invalid(e).problems().forEach((field, message) -> problems.add(new FieldProblem(field, message)));
        }
        Json.send(ctx, 200, new Check(problems, problems.isEmpty()));
    }

    private void putExporter(Context ctx) {
        auth.admin(ctx);
        String name = ctx.pathParam("name");
        JsonNode entry = Json.body(ctx, MAX_BYTES);
        try {
            boolean created = live.get().putExporter(name, entry);
            Json.send(ctx, created ? 201 : 200, new PutExporter(name, created));
        } catch (ProblemException e) {
            throw invalid(e);
        }
    }

    private void removeExporter(Context ctx) throws InterruptedException {
        auth.admin(ctx);
        if (!live.get().removeExporter(ctx.pathParam("name"))) {
            throw ApiException.notFound("there is no exporter '" + ctx.pathParam("name") + "'");
        }
        ctx.status(204);
    }

    private void putChannel(Context ctx) {
        auth.admin(ctx);
        String id = ctx.pathParam("id");
        JsonNode entry = Json.body(ctx, MAX_BYTES);
        try {
            boolean created = live.get().putChannel(id, entry);
            Json.send(ctx, created ? 201 : 200, new PutChannel(id, created));
        } catch (ProblemException e) {
            throw invalid(e);
        } catch (IllegalStateException e) {
            throw conflict(e);
        }
    }

    private void removeChannel(Context ctx) {
        auth.admin(ctx);
        boolean removed;
        try {
            removed = live.get().removeChannel(ctx.pathParam("id"));
        } catch (IllegalStateException e) {
            throw conflict(e);
        }
        if (!removed) {
            throw ApiException.notFound("no channel '" + ctx.pathParam("id") + "' runs");
        }
        ctx.status(204);
    }

    /** Read by any token reaching the channel; changed by admins. */
    private void rules(Context ctx) {
        auth.channel(ctx, ctx.pathParam("id"));
        try {
            Json.send(ctx, 200, live.get().rules(ctx.pathParam("id")));
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private void putRules(Context ctx) {
        auth.admin(ctx);
        JsonNode body = Json.body(ctx, MAX_BYTES);
        try {
            Json.send(ctx, 200, live.get().putRules(ctx.pathParam("id"), body));
        } catch (ProblemException e) {
            throw invalid(e);
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private static ApiException conflict(IllegalStateException e) {
        return new ApiException(409, "conflict", e.getMessage(), null);
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
