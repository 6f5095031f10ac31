package io.evex.runtime.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's HTTP server (Javalin on Jetty 12): the API routes it is given, a JSON status
 * document at {@code /api/status}, and published directories under their URL paths (files read
 * fresh on every request, so a live HLS playlist is always current). Every refusal is a JSON error
 * ({@link ApiException}); an unexpected failure is logged and answered 500 without its stack trace.
 * Status and published files are open unless an admin token is configured; then they need a token
 * that reaches the channel the folder belongs to ({@code hls/<channel>/...}), and a playlist asked
 * for with {@code ?token=} names its segments with the same token, so players need nothing else.
 */
public final class HttpService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of(
            "m3u8", "application/vnd.apple.mpegurl",
            "ts", "video/mp2t",
            "mp4", "video/mp4",
            "m4s", "video/iso.segment",
            "jpg", "image/jpeg",
            "png", "image/png",
            "json", "application/json",
            "jsonl", "application/x-ndjson",
            "html", "text/html; charset=utf-8");

    private final Map<String, Path> published = new ConcurrentHashMap<>();
    private final Auth auth;
    private final String host;
    /** Only {@link #files}: a plain file server for tests and tools, without the API's tokens. */
    private boolean open;

    private Javalin app;
    private Listeners listeners;
    private java.util.List<String> origins = java.util.List.of();
    private volatile Function<Boolean, byte[]> status = admin -> "{}".getBytes(StandardCharsets.UTF_8);

    private HttpService(Auth auth, String host) {
        this.auth = auth;
        this.host = host;
    }

    /**
     * Starts listening with {@code api}'s routes. When the port is taken: on a free port instead
     * (logged) if the settings allow it, else {@link PortTakenException} naming what holds it.
     */
    public static HttpService start(HttpSettings settings, Auth auth, Consumer<RoutesConfig> api) throws IOException {
        InetAddress address = InetAddress.getByName(settings.bind());
        String host = address.isAnyLocalAddress() ? "localhost" : settings.bind();
        HttpService service = new HttpService(auth, host);
        service.listeners = Listeners.of(settings);
        service.origins = settings.allowedOrigins();
        try {
            service.app = service.create(api, settings.bind(), settings.port()).start(settings.bind(), settings.port());
        } catch (JavalinBindException e) {
            if (!settings.movable()) {
                throw new PortTakenException(settings.port(), PortHolder.of(settings.port()));
            }
            service.app = service.create(api, settings.bind(), 0).start(settings.bind(), 0);
            LOG.warn("HTTP port {} is in use; serving on port {} instead", settings.port(), service.app.port());
        }
        return service;
    }

    /** A server of published folders only, open to all (no API, no tokens): never the runtime's. */
    public static HttpService files(HttpSettings settings) throws IOException {
        HttpService service =
                start(settings, new Auth(TokenStore.inMemory(), group -> java.util.Set.of()), routes -> {});
        service.open = true;
        return service;
    }

    private Javalin create(Consumer<RoutesConfig> api, String bind, int port) {
        return Javalin.create(config -> {
            listeners.install(config.jetty, bind, port);
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // Long polls and MJPEG viewers each hold a thread while they wait.
            config.jetty.threadPool = new QueuedThreadPool(512, 8, 60_000);
            config.http.maxRequestSize = 4 * 1024 * 1024;
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> {
                // The reason goes to the log, under a number the answer gives: never to the client.
                String incident = Long.toHexString(System.nanoTime());
                LOG.warn("HTTP {} {} failed (incident {}): {}", ctx.method(), ctx.path(), incident, String.valueOf(e));
                error(
                        ctx,
                        new ApiException(
                                500,
                                "internal",
                                "the request failed inside Evex (incident " + incident + " in its log)",
                                null));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    error(ctx, ApiException.notFound("nothing at " + ctx.path()));
                }
            });
            config.routes.error(405, ctx -> {
                if (ctx.result() == null) {
                    error(
                            ctx,
                            new ApiException(
                                    405, "method_not_allowed", ctx.method() + " is not served at " + ctx.path(), null));
                }
            });
            api.accept(config.routes);
            // For load balancers and supervisors: no token, and nothing but that it answers.
            config.routes.get(
                    "/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
            // Exporters' details (push targets, paths) are the admin's, whether the token was given or generated.
            config.routes.get("/api/status", ctx -> {
                Access access = auth.operator(ctx);
                ctx.contentType("application/json").result(status.apply(access.admin()));
            });
            config.routes.get("/<path>", this::file);
            config.routes.head("/<path>", this::file);
        });
    }

    /** Writes an API refusal as JSON. */
    public static void error(Context ctx, ApiException e) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("status", e.status()).put("code", e.code()).put("message", e.getMessage());
        if (e.field() != null) {
            error.put("field", e.field());
        }
        if (!e.problems().isEmpty()) {
            var problems = error.putArray("problems");
            e.problems()
                    .forEach((field, message) ->
                            problems.addObject().put("field", field).put("message", message));
        }
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"evex\"");
        }
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).contentType("application/json").result(body.toString());
    }

    /** The port actually listened on (HTTPS when TLS is on). */
    public int port() {
        return listeners.secure() ? listeners.securePort() : app.port();
    }

    /** The base URL, e.g. {@code http://localhost:8080/} or {@code https://localhost:8443/}. */
    public URI baseUri() {
        return URI.create((listeners.secure() ? "https" : "http") + "://" + host + ":" + port() + "/");
    }

    /** The plain HTTP base URL kept beside HTTPS ({@code http.plain_port}), or null. */
    public URI plainUri() {
        int plain = listeners.secure() ? listeners.plainPort() : -1;
        return plain < 0 ? null : URI.create("http://" + host + ":" + plain + "/");
    }

    /** The certificate HTTPS serves and its SHA-256 fingerprint, or null without TLS. */
    public Map.Entry<Path, String> certificate() {
        return listeners.secure() ? Map.entry(listeners.certFile(), listeners.fingerprint()) : null;
    }

    public Auth auth() {
        return auth;
    }

    /**
     * Sets what {@code /api/status} returns: to the admin ({@code true}) with exporters' details, to
     * a viewer without settings.
     */
    public void status(Function<Boolean, byte[]> document) {
        this.status = document;
    }

    /**
     * Serves {@code directory} under {@code /<urlPath>/}.
     *
     * @throws IllegalArgumentException when the path is taken or malformed
     */
    public URI publish(String urlPath, Path directory) {
        String clean = urlPath.replaceAll("^/+|/+$", "");
        if (clean.isEmpty() || clean.contains("..") || clean.startsWith("api/") || clean.equals("api")) {
            throw new IllegalArgumentException(
                    "cannot publish under '/" + urlPath + "': choose a path such as hls/lobby");
        }
        Path previous = published.putIfAbsent(clean, directory.toAbsolutePath().normalize());
        if (previous != null && !previous.equals(directory.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("'/" + clean + "/' is already served from " + previous);
        }
        return baseUri().resolve(clean + "/");
    }

    private void file(Context ctx) throws IOException {
        String path = ctx.path();
        if (!open) {
            // The same 401 whether the file exists or not: nothing is told before the token.
            auth.require(ctx);
        }
        Map.Entry<String, Path> folder = folder(path);
        if (folder != null && !open) {
            // <url_path>/<channel>/...: the first folder under the published one names the channel;
            // a file directly in it belongs to no channel, so only the admin reads it.
            String rest = path.replaceAll("^/+", "").substring(folder.getKey().length() + 1);
            if (rest.contains("/")) {
                auth.channel(ctx, rest.substring(0, rest.indexOf('/')));
            } else {
                auth.admin(ctx);
            }
        }
        Path file = folder == null ? null : resolve(folder, path);
        if (file == null) {
            throw ApiException.notFound("nothing at " + path);
        }
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.getOrDefault(ext, "application/octet-stream");
        Cors.allow(ctx, origins); // a player on a listed site may read it (with a token it was given)
        try {
            if (ext.equals("m3u8")) {
                byte[] body = Files.readAllBytes(file);
                ctx.header("Cache-Control", "no-cache");
                String token = ctx.queryParam("token");
                if (token != null) {
                    body = withToken(new String(body, StandardCharsets.UTF_8), token)
                            .getBytes(StandardCharsets.UTF_8);
                }
                ctx.contentType(type).result(body);
            } else {
                // Range requests answered: players and FFmpeg seek in MP4 files.
                ctx.writeSeekableStream(Files.newInputStream(file), type, Files.size(file));
            }
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
            throw ApiException.notFound("nothing at " + path);
        }
    }

    /** A playlist whose every URI carries {@code token}, for players that only know the playlist's URL. */
    public static String withToken(String playlist, String token) {
        String query = "token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(playlist.length() + 64);
        for (String line : playlist.split("\n", -1)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                line = line + (line.contains("?") ? "&" : "?") + query;
            }
            out.append(line).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private Map.Entry<String, Path> folder(String path) {
        String clean = path.replaceAll("^/+", "");
        for (Map.Entry<String, Path> e : published.entrySet()) {
            if (clean.startsWith(e.getKey() + "/")) {
                return e;
            }
        }
        return null;
    }

    /** The file a URL path names in its folder, or null; never outside the folder. */
    private static Path resolve(Map.Entry<String, Path> folder, String path) {
        String clean = path.replaceAll("^/+", "");
        Path file = folder.getValue()
                .resolve(clean.substring(folder.getKey().length() + 1))
                .normalize();
        return file.startsWith(folder.getValue()) && Files.isRegularFile(file) ? file : null;
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
