package io.evex.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.Durations;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.Access.Permission;
import io.evex.runtime.http.ApiException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** What a new token is made with, read from a request body: {@code permissions} and {@code expires_in}. */
final class Grants {

    /** The longest a token may be made for: a token meant to last longer is one that never expires. */
    private static final Duration MAX = Duration.ofDays(3650);

    private Grants() {}

    /** {@code permissions}: a list of {@code view}, {@code metadata}, {@code events}; view only when absent. */
    static Set<Permission> permissions(JsonNode body) {
        JsonNode list = body.path("permissions");
        if (list.isMissingNode() || list.isNull()) {
            return Access.VIEW_ONLY;
        }
        if (!list.isArray() || list.isEmpty()) {
            throw ApiException.badRequest("permissions", "permissions must be a non-empty list of " + known());
        }
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        for (int i = 0; i < list.size(); i++) {
            Permission p = Permission.of(list.get(i).asText());
            if (p == null) {
                throw ApiException.badRequest(
                        "permissions/" + i, "'" + list.get(i).asText() + "' is no permission; known: " + known());
            }
            out.add(p);
        }
        return out;
    }

    /** {@code expires_in} ({@code 30m}, {@code 12h}, {@code 90d}) as the time it ends, or 0 for never. */
    static long expiresAt(JsonNode body) {
        JsonNode in = body.path("expires_in");
        if (in.isMissingNode() || in.isNull()) {
            return 0;
        }
        Duration d;
        try {
            d = Durations.parse(in.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("expires_in", e.getMessage());
        }
        if (d.toSeconds() < 1 || d.compareTo(MAX) > 0) {
            throw ApiException.badRequest("expires_in", "expires_in must be from 1s to 3650d, not " + in.asText());
        }
        return System.currentTimeMillis() + d.toMillis();
    }

    private static String known() {
        return Arrays.stream(Permission.values()).map(Permission::id).toList().toString();
    }
}
