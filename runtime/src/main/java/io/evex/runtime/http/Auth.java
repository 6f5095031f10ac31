package io.evex.runtime.http;

import io.evex.api.auth.LoginThrottle;
import io.javalin.http.Context;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a request's token ({@code Authorization: Bearer <token>}, or {@code ?token=} for players and
 * {@code <img>} tags) and says what it may do; refusals are {@link ApiException}s (401 without a
 * valid token, 403 outside its reach).
 */
public final class Auth {

    private final TokenStore tokens;
    private final Function<String, Set<String>> members;
    private final boolean open;
    private final LoginThrottle throttle;
    private final StreamSlots streams;

    /** @param members a group's channels now (empty for an unknown group) */
    public Auth(TokenStore tokens, Function<String, Set<String>> members) {
        this(tokens, members, false, HttpLimits.DEFAULT);
    }

    /**
     * @param open {@code http.auth: none}: a request without a token is the admin's
     * @param limits how many failed sign-ins an address may make before it waits
     */
    public Auth(TokenStore tokens, Function<String, Set<String>> members, boolean open, HttpLimits limits) {
        this.tokens = tokens;
        this.members = members;
        this.open = open;
        this.throttle = new LoginThrottle(limits.failedLogins(), limits.failedLoginWindow());
        this.streams = new StreamSlots(limits);
    }

    /** The places of long requests (previews, event streams, long polls), per token and in all. */
    public StreamSlots streams() {
        return streams;
    }

    /** Failed sign-ins and the attempts refused for them (for metrics). */
    public LoginThrottle throttle() {
        return throttle;
    }

    /** Whether every request is let in without a token ({@code http.auth: none}). */
    public boolean open() {
        return open;
    }

    public TokenStore tokens() {
        return tokens;
    }

    /**
     * The token the request carries, or null. {@code ?token=} only on GET and HEAD (players and
     * {@code <img>} tags cannot send a header; nothing that changes state should take a token that
     * proxies and browser histories keep).
     */
    public static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        String method = ctx.method().name();
        return method.equals("GET") || method.equals("HEAD") ? ctx.queryParam("token") : null;
    }

    /**
     * What the request's token gives; 401 without a valid one, 429 (with {@code Retry-After}) while
     * the client's address has failed too often.
     */
    public Access require(Context ctx) {
        return authenticate(token(ctx), ctx.ip());
    }

    /**
     * What {@code token} gives a client at {@code address} (a token sent in a WebSocket's first
     * message); 401 without a valid one, 429 while the address has failed too often.
     */
    public Access authenticate(String token, String address) {
        if (open && token == null) {
            return Access.ADMIN;
        }
        if (token == null) {
            throw ApiException.unauthorized(); // no guess made: nothing to count
        }
        long wait = throttle.retryAfterSeconds(address);
        if (wait > 0) {
            throw ApiException.busy(
                    429,
                    "too_many_failed_logins",
                    "too many wrong tokens from this address; try again in " + wait + " s",
                    wait);
        }
        Access access = tokens.authenticate(token);
        if (access == null) {
            throttle.failed(address);
            throw ApiException.unauthorized();
        }
        return access;
    }

    /** The admin, or 401/403. */
    public Access admin(Context ctx) {
        Access access = require(ctx);
        if (!access.admin()) {
            throw ApiException.forbidden("this needs the admin token");
        }
        return access;
    }

    /** The admin or a viewer (status, metrics), or 401/403. */
    public Access operator(Context ctx) {
        Access access = require(ctx);
        if (!access.operator()) {
            throw ApiException.forbidden("this needs the admin token or a viewer token");
        }
        return access;
    }

    /** A token that reaches {@code channel} to read it, or 401/403. */
    public Access channel(Context ctx, String channel) {
        return channel(ctx, channel, Access.Permission.VIEW);
    }

    /** A token that reaches {@code channel} and may do {@code what} there, or 401/403. */
    public Access channel(Context ctx, String channel, Access.Permission what) {
        Access access = require(ctx);
        if (!within(access, channel)) {
            throw ApiException.forbidden("this token does not give access to channel '" + channel + "'");
        }
        refuseUnless(access, what);
        return access;
    }

    /** 403 unless {@code access} carries {@code what}. */
    public static void refuseUnless(Access access, Access.Permission what) {
        if (!access.may(what)) {
            throw ApiException.forbidden("this token may not " + describe(what) + " (it may: "
                    + TokenStore.ids(access.permissions()) + "); ask the admin for a group token made with '"
                    + what.id() + "'");
        }
    }

    private static String describe(Access.Permission p) {
        return switch (p) {
            case VIEW -> "view channels";
            case METADATA -> "write metadata";
            case EVENTS -> "post events";
        };
    }

    /** Whether {@code token} is valid and may view {@code channel} now (RTSP logins). */
    public boolean reaches(String token, String channel) {
        Access access = token == null ? null : tokens.authenticate(token);
        return access != null && reaches(access, channel) && access.may(Access.Permission.VIEW);
    }

    /** Whether {@code access} reaches {@code channel} now and may view it. */
    public boolean reaches(Access access, String channel) {
        return access.may(Access.Permission.VIEW) && access.reaches(channel, members);
    }

    /** Whether {@code access} reaches {@code channel} now, to do whatever it may there. */
    public boolean within(Access access, String channel) {
        return access.reaches(channel, members);
    }

    /**
     * The channels {@code access} may view now: null for every channel (admin, viewer), else its
     * group's (a channel token's one), empty without the view permission.
     */
    public java.util.Set<String> channels(Access access) {
        if (!access.may(Access.Permission.VIEW)) {
            return java.util.Set.of();
        }
        return switch (access.role()) {
            case ADMIN, VIEWER -> null;
            case GROUP -> java.util.Set.copyOf(members.apply(access.group()));
            case CHANNEL ->
                members.apply(access.group()).contains(access.channel())
                        ? java.util.Set.of(access.channel())
                        : java.util.Set.of();
        };
    }
}
