package io.evex.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves published directories under their URL paths (files read fresh on every request, so
 * a live HLS playlist is always current) and a JSON status document at {@code /api/status}.
 */
public final class HttpService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);
    private static final Map<String, String> TYPES = Map.of(
            "m3u8",
            "application/vnd.apple.mpegurl",
            "ts",
            "video/mp2t",
            "mp4",
            "video/mp4",
            "m4s",
            "video/iso.segment",
            "jpg",
            "image/jpeg",
            "png",
            "image/png",
            "json",
            "application/json",
            "jsonl",
            "application/x-ndjson",
            "html",
            "text/html; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, Path> published = new ConcurrentHashMap<>();
    private final String host;
    private volatile Supplier<byte[]> status = () -> "{}".getBytes(StandardCharsets.UTF_8);

    private HttpService(HttpServer server, ExecutorService workers, String host) {
        this.server = server;
        this.workers = workers;
        this.host = host;
    }

    /** Starts listening; when the configured port is taken, on a free port instead (logged). */
    public static HttpService start(HttpSettings settings) throws IOException {
        InetAddress address = InetAddress.getByName(settings.bind());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, settings.port()), 64);
        } catch (BindException e) {
            server = HttpServer.create(new InetSocketAddress(address, 0), 64);
            LOG.warn(
                    "HTTP port {} is in use; serving on port {} instead",
                    settings.port(),
                    server.getAddress().getPort());
        }
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "evex-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        String host = address.isAnyLocalAddress() ? "localhost" : settings.bind();
        HttpService service = new HttpService(server, workers, host);
        server.createContext("/", service::handle);
        server.start();
        return service;
    }

    /** The port actually listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://localhost:8080/}. */
    public URI baseUri() {
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Sets what {@code /api/status} returns. */
    public void status(Supplier<byte[]> document) {
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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "text/plain", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/status")) {
                send(exchange, 200, "application/json", status.get());
                return;
            }
            Path file = resolve(path);
            if (file == null) {
                send(exchange, 404, "text/plain", ("nothing at " + path + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body;
            try {
                body = Files.readAllBytes(file);
            } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
                send(exchange, 404, "text/plain", ("nothing at " + path + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            String name = file.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            if (ext.equals("m3u8")) {
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            }
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            send(exchange, 200, TYPES.getOrDefault(ext, "application/octet-stream"), body);
        }
    }

    /** The file a URL path names, or null; never outside a published directory. */
    private Path resolve(String path) {
        String clean = path.replaceAll("^/+", "");
        for (Map.Entry<String, Path> e : published.entrySet()) {
            String prefix = e.getKey() + "/";
            if (clean.startsWith(prefix)) {
                Path file =
                        e.getValue().resolve(clean.substring(prefix.length())).normalize();
                if (file.startsWith(e.getValue()) && Files.isRegularFile(file)) {
                    return file;
                }
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
