package io.evex.bench.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./evex run} as a child process in a working folder of its own, with an HTTP port and an
 * admin token the drill knows: started, killed with SIGKILL, started again; its output appended to
 * {@code evex.log} there.
 */
public final class EvexProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path workDir;
    private final Path config;
    private final String token;
    private final int port = Ports.free();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    public EvexProcess(Path root, Path workDir, Path config, String token) {
        this.root = root;
        this.workDir = workDir;
        this.config = config;
        this.token = token;
    }

    public int port() {
        return port;
    }

    /** Starts it and waits until {@code /healthz} answers. */
    public EvexProcess start() throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(
                root.resolve("evex").toString(),
                "run",
                "--config",
                config.toString(),
                "--http-port",
                String.valueOf(port),
                "--progress",
                "0");
        b.environment().put("EVEX_NO_BUILD", "1");
        b.directory(workDir.toFile());
        process = b.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        workDir.resolve("evex.log").toFile()))
                .start();
        starts++;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "evex exited with " + process.exitValue() + ": see " + workDir.resolve("evex.log"));
            }
            try {
                if (http.send(request("/healthz").build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(
                "evex did not answer /healthz within 120 s: see " + workDir.resolve("evex.log"));
    }

    /** SIGKILL: no shutdown hook, no flush, nothing saved. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public long pid() {
        return process.pid();
    }

    public int starts() {
        return starts;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }

    /** POSTs {@code body} as JSON; returns the status code (an I/O failure throws). */
    public int post(String path, String body) throws IOException, InterruptedException {
        HttpRequest r = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code GET /api/status}. */
    public JsonNode status() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/api/status").build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** A clean stop (SIGTERM): queues drain, spools keep the rest. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
