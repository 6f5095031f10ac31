package io.evex.runtime.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.http.TokenStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Viewer tokens, made by the admin: a wall display, a dashboard or an operator reads every channel,
 * the status and the metrics, and changes nothing. Shown once when made, listed without the token,
 * revoked by id.
 */
final class TokenRoutes {

    private final Auth auth;
    private final TokenStore tokens;

    TokenRoutes(Auth auth) {
        this.auth = auth;
        this.tokens = auth.tokens();
    }

    void register(RoutesConfig routes) {
        routes.post(Api.BASE + "/tokens", this::create);
        routes.get(Api.BASE + "/tokens", ctx -> {
            auth.admin(ctx);
            Json.send(
                    ctx,
                    200,
                    new Tokens(tokens.viewerTokens().stream().map(TokenView::of).toList()));
        });
        routes.delete(Api.BASE + "/tokens/{id}", ctx -> {
            auth.admin(ctx);
            if (!tokens.revokeViewer(ctx.pathParam("id"))) {
                throw ApiException.notFound("no viewer token '" + ctx.pathParam("id") + "'");
            }
            ctx.status(204);
        });
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenView(
            String id,
            String role,
            String name,
            @JsonProperty("expires_at_ms") Long expiresAtMillis,
            String token) {
        static TokenView of(TokenStore.Shown s) {
            return new TokenView(s.id(), "viewer", s.name(), s.expiresAtMillis(), null);
        }
    }

    record Tokens(List<TokenView> tokens) {}

    private void create(Context ctx) {
        auth.admin(ctx);
        JsonNode body = Json.body(ctx, 4096);
        String role = body.path("role").asText("viewer");
        if (!role.equals("viewer")) {
            throw ApiException.badRequest(
                    "role", "only viewer tokens are made here (group tokens: POST /groups), not '" + role + "'");
        }
        String name = body.path("name").asText("");
        if (name.length() > 200) {
            throw ApiException.badRequest("name", "name must be at most 200 characters");
        }
        long expires = Grants.expiresAt(body);
        Map.Entry<String, String> made = tokens.newViewer(name, expires);
        Json.send(ctx, 201, new TokenView(made.getKey(), role, name, expires == 0 ? null : expires, made.getValue()));
    }
}
