package io.evex.runtime.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.http.TokenStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Groups of channels and their tokens (VXG's access tokens for a collection of cameras): the admin
 * makes groups and changes their channels; a group's token reads its group, its channels — each
 * with a channel token of its own — and their live URLs. Tokens are shown when made (a group's) or
 * derived (a channel's), revoked on request, and kept hashed.
 */
final class GroupRoutes {

    private final Auth auth;
    private final TokenStore tokens;
    private final GroupStore groups;
    private final LiveFrames live;
    private final Supplier<URI> base;
    private final Function<String, Map<String, String>> viewUrls;

    GroupRoutes(
            Auth auth,
            GroupStore groups,
            LiveFrames live,
            Supplier<URI> base,
            Function<String, Map<String, String>> viewUrls) {
        this.auth = auth;
        this.tokens = auth.tokens();
        this.groups = groups;
        this.live = live;
        this.base = base;
        this.viewUrls = viewUrls;
    }

    void register(RoutesConfig routes) {
        String g = Api.BASE + "/groups";
        routes.post(g, this::create);
        routes.get(g, this::list);
        routes.get(g + "/{id}", ctx -> Json.send(ctx, 200, describe(readable(ctx))));
        routes.delete(g + "/{id}", this::delete);
        routes.post(g + "/{id}/token", this::newToken);
        routes.delete(g + "/{id}/token", this::revokeToken);
        routes.put(g + "/{id}/channels/{channel}", ctx -> change(ctx, true));
        routes.delete(g + "/{id}/channels/{channel}", ctx -> change(ctx, false));
        routes.delete(g + "/{id}/channels/{channel}/token", this::revokeChannelToken);
        routes.get(g + "/{id}/channels", this::channels);
        routes.get(g + "/{id}/live-urls", this::liveUrls);
    }

    /** A group as listed: its channels, and what its current token may do and until when (null: no token, never). */
    record GroupView(
            String id,
            String name,
            List<String> channels,
            List<String> permissions,
            @JsonProperty("expires_at_ms") Long expiresAtMillis) {}

    record Groups(List<GroupView> groups) {}

    /** A group just made, with the token that reaches it (shown once). */
    record NewGroup(
            String id,
            String name,
            List<String> channels,
            List<String> permissions,
            @JsonProperty("expires_at_ms") Long expiresAtMillis,
            String token) {}

    record GroupToken(
            String id,
            List<String> permissions,
            @JsonProperty("expires_at_ms") Long expiresAtMillis,
            String token) {}

    private void list(Context ctx) {
        auth.admin(ctx);
        Json.send(ctx, 200, new Groups(groups.all().stream().map(this::describe).toList()));
    }

    private void delete(Context ctx) {
        auth.admin(ctx);
        GroupStore.Group group = existing(ctx);
        tokens.revokeGroup(group.id());
        groups.delete(group.id());
        ctx.status(204);
    }

    /**
     * A new token for the group, with the permissions and expiry the body asks for (view only and
     * never, without one); the token before it and every channel token derived from it stop working.
     */
    private void newToken(Context ctx) {
        auth.admin(ctx);
        GroupStore.Group group = existing(ctx);
        JsonNode body = Json.bodyOrEmpty(ctx, 4096);
        String token = tokens.newGroupToken(group.id(), Grants.permissions(body), Grants.expiresAt(body));
        TokenStore.Shown grant = tokens.groupGrant(group.id());
        Json.send(ctx, 201, new GroupToken(group.id(), grant.permissions(), grant.expiresAtMillis(), token));
    }

    private void revokeToken(Context ctx) {
        auth.admin(ctx);
        tokens.revokeGroup(existing(ctx).id());
        ctx.status(204);
    }

    private void revokeChannelToken(Context ctx) {
        auth.admin(ctx);
        GroupStore.Group group = existing(ctx);
        String channel = ctx.pathParam("channel");
        if (!group.channels().contains(channel)) {
            throw ApiException.notFound("channel '" + channel + "' is not in group " + group.id());
        }
        tokens.revokeChannel(group.id(), channel);
        ctx.status(204);
    }

    private void create(Context ctx) {
        auth.admin(ctx);
        JsonNode body = Json.body(ctx, 64 * 1024);
        String name = body.path("name").asText("");
        if (name.isBlank() || name.length() > 200) {
            throw ApiException.badRequest("name", "name must be 1 to 200 characters");
        }
        List<String> channels = new ArrayList<>();
        JsonNode list = body.path("channels");
        if (!list.isMissingNode() && !list.isArray()) {
            throw ApiException.badRequest("channels", "channels must be a list of channel ids");
        }
        for (int i = 0; i < list.size(); i++) {
            String id = list.get(i).asText();
            if (live.all().stream().noneMatch(c -> c.name().equals(id))) {
                throw ApiException.badRequest("channels/" + i, "no channel '" + id + "'");
            }
            channels.add(id);
        }
        var permissions = Grants.permissions(body);
        long expires = Grants.expiresAt(body);
        GroupStore.Group group = groups.create(name, channels);
        String token = tokens.newGroupToken(group.id(), permissions, expires);
        TokenStore.Shown grant = tokens.groupGrant(group.id());
        Json.send(
                ctx,
                201,
                new NewGroup(
                        group.id(),
                        group.name(),
                        List.copyOf(group.channels()),
                        grant.permissions(),
                        grant.expiresAtMillis(),
                        token));
    }

    private void change(Context ctx, boolean add) {
        auth.admin(ctx);
        GroupStore.Group group = existing(ctx);
        String channel = ctx.pathParam("channel");
        if (add) {
            live.channel(channel); // 404 for a channel that does not exist
        } else if (!group.channels().contains(channel)) {
            throw ApiException.notFound("channel '" + channel + "' is not in group " + group.id());
        }
        groups.change(group.id(), channel, add);
        if (!add) {
            tokens.revokeChannel(group.id(), channel); // back in the group later, it gets a new token
        }
        ctx.status(204);
    }

    /** A channel of a group, with the token that reaches it alone. */
    record GroupChannel(String id, String state, String token) {}

    record GroupChannels(String id, List<GroupChannel> channels) {}

    private void channels(Context ctx) {
        GroupStore.Group group = readable(ctx);
        List<GroupChannel> list = new ArrayList<>();
        for (String channel : group.channels()) {
            String state = live.all().stream()
                    .filter(c -> c.name().equals(channel))
                    .map(c -> c.state().name().toLowerCase())
                    .findFirst()
                    .orElse("unknown");
            list.add(new GroupChannel(channel, state, tokens.channelToken(group.id(), channel)));
        }
        Json.send(ctx, 200, new GroupChannels(group.id(), list));
    }

    private void liveUrls(Context ctx) {
        GroupStore.Group group = readable(ctx);
        ArrayNode list = Json.array();
        for (String channel : group.channels()) {
            String derived = tokens.channelToken(group.id(), channel);
            if (derived == null) {
                throw ApiException.conflict(
                        "group " + group.id() + " has no token: make one with POST /groups/" + group.id() + "/token");
            }
            String token = URLEncoder.encode(derived, StandardCharsets.UTF_8);
            String api = base.get().resolve("api/v1/channels/" + channel + "/").toString();
            ObjectNode o = list.addObject().put("id", channel);
            o.put("mjpeg", api + "live.mjpeg?token=" + token);
            o.put("image", api + "image?token=" + token);
            viewUrls.apply(channel).forEach((kind, url) -> {
                if (url.startsWith("http")) {
                    o.put(kind, url + (url.contains("?") ? "&" : "?") + "token=" + token);
                } else {
                    o.put(kind, url); // an RTSP server of its own: its own users
                }
            });
        }
        ObjectNode body = Json.object();
        body.put("id", group.id());
        body.set("channels", list);
        Json.send(ctx, 200, body);
    }

    private GroupStore.Group existing(Context ctx) {
        GroupStore.Group group = groups.get(ctx.pathParam("id"));
        if (group == null) {
            throw ApiException.notFound("no group '" + ctx.pathParam("id") + "'");
        }
        return group;
    }

    /** The group, to the admin or the group's own token. */
    private GroupStore.Group readable(Context ctx) {
        Access access = auth.require(ctx);
        GroupStore.Group group = existing(ctx);
        if (!access.admin()
                && !(access.role() == Access.Role.GROUP && access.group().equals(group.id()))) {
            throw ApiException.forbidden("this token is not group " + group.id() + "'s");
        }
        return group;
    }

    private GroupView describe(GroupStore.Group g) {
        TokenStore.Shown grant = tokens.groupGrant(g.id());
        return new GroupView(
                g.id(),
                g.name(),
                List.copyOf(g.channels()),
                grant == null ? null : grant.permissions(),
                grant == null ? null : grant.expiresAtMillis());
    }
}
