package io.evex.runtime.http;

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

    /** @param members a group's channels now (empty for an unknown group) */
    public Auth(TokenStore tokens, Function<String, Set<String>> members) {
        this(tokens, members, false);
    }

    /** @param open {@code http.auth: none}: a request without a token is the admin's */
    public Auth(TokenStore tokens, Function<String, Set<String>> members, boolean open) {
        this.tokens = tokens;
        this.members = members;
        this.open = open;
    }

    /** Whether every request is let in without a token ({@code http.auth: none}). */
    public boolean open() {
        return open;
    }

    public TokenStore tokens() {
        return tokens;
    }

    /** The token the request carries, or null. */
    static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return ctx.queryParam("token");
    }

    /** What the request's token gives; 401 without a valid one. */
    public Access require(Context ctx) {
        String token = token(ctx);
        if (open && token == null) {
            return Access.ADMIN;
        }
        Access access = tokens.authenticate(token);
        if (access == null) {
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

    /** A token that reaches {@code channel}, or 401/403. */
    public Access channel(Context ctx, String channel) {
        Access access = require(ctx);
        if (!reaches(access, channel)) {
            throw ApiException.forbidden("this token does not give access to channel '" + channel + "'");
        }
        return access;
    }

    /** Whether {@code token} is valid and reaches {@code channel} now (RTSP logins). */
    public boolean reaches(String token, String channel) {
        Access access = token == null ? null : tokens.authenticate(token);
        return access != null && reaches(access, channel);
    }

    /** Whether {@code access} reaches {@code channel} now. */
    public boolean reaches(Access access, String channel) {
        return access.reaches(channel, members);
    }
}
