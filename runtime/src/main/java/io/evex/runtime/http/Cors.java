package io.evex.runtime.http;

import io.javalin.http.Context;
import java.util.List;

/**
 * The web origins the admin listed ({@code http.allowed_origins}) whose pages may read what Evex
 * serves across origins: published files (HLS), the embeddable live-video module and live video.
 */
public final class Cors {

    private Cors() {}

    /** Whether pages of {@code origin} may read across origins ({@code *}: any). */
    public static boolean listed(List<String> origins, String origin) {
        return origin != null && (origins.contains(origin) || origins.contains("*"));
    }

    /** Lets the request's page read the answer when its origin is listed; no cookies are used here. */
    public static void allow(Context ctx, List<String> origins) {
        String origin = ctx.header("Origin");
        if (listed(origins, origin)) {
            ctx.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
        }
    }
}
