package io.evex.runtime.api;

import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Cors;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console: plain HTML, CSS and JavaScript modules from the runtime's jar, served at {@code
 * /} and {@code /console/...}. No build step and no server of its own; every page talks to the API
 * with the token the user signs in with.
 */
final class ConsoleRoutes {

    private static final String ROOT = "/io/evex/runtime/console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:;"
                    + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** The one module other sites may import (to embed live video), from the origins the admin listed. */
    static final String EMBEDDABLE = "live-video.js";

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final java.util.List<String> origins;

    ConsoleRoutes(java.util.List<String> origins) {
        this.origins = origins;
    }

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> send(ctx, "index.html"));
        routes.get("/console/<file>", ctx -> send(ctx, ctx.pathParam("file")));
    }

    private void send(Context ctx, String name) throws IOException {
        if (name.contains("..") || name.startsWith("/")) {
            throw ApiException.notFound("nothing at " + ctx.path());
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        byte[] body = type == null ? null : files.computeIfAbsent(name, ConsoleRoutes::read);
        if (body == null || body.length == 0) {
            throw ApiException.notFound("nothing at " + ctx.path());
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        // The console runs only its own scripts and styles, talks only to its own origin, and is
        // never framed by another site; pictures come as data: and blob: URLs.
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        if (name.equals(EMBEDDABLE)) {
            Cors.allow(ctx, origins);
        }
        ctx.contentType(type).result(body);
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(ROOT + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
