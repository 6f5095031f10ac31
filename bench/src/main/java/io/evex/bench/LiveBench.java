package io.evex.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 28's benchmark: glass-to-glass latency of live video in Debian's headless Chromium, the
 * stamped video of the RTSP benchmark ({@link StampedVideo}: 25 fps, 1 s GOP) read back from a
 * canvas in the page against {@code Date.now()} — MSE over the WebSocket (each frame as the browser
 * presents it, {@code requestVideoFrameCallback}) and the console's picture stream (the latest JPEG
 * asked for again as each arrives), side by side in one run; Evex's HLS by the age of each new
 * segment's first frame when it is listed (Chromium plays HLS only through a JavaScript player). Then the runtime's CPU with 1, 10 and 50 WebSocket
 * viewers (reading every byte, not decoding): the CPU per extra viewer of pass-through live video.
 */
final class LiveBench {

    private static final String TOKEN = "live-bench-admin-token-0123456789";
    private static final int SECONDS = 20;
    private static final int[] VIEWERS = {1, 10, 50};
    private static final Pattern LAT = Pattern.compile("\"LAT (\\d+)\"");

    private final Path dir;
    private final Path root;

    LiveBench(Path dir) {
        this.dir = dir;
        this.root =
                Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
    }

    void all() throws Exception {
        System.out.printf(
                "Live video benchmark: %dx%d at %d fps, 1 s GOP, 2 Mbit/s; %d s per mode, %d cores%n%n",
                StampedVideo.W,
                StampedVideo.H,
                StampedVideo.FPS,
                SECONDS,
                Runtime.getRuntime().availableProcessors());
        int source = RtspBench.freePort();
        int http = RtspBench.freePort();
        HttpServer site = page();
        StampedVideo.Generator generator = new StampedVideo.Generator(source);
        Process evex = startEvex(source, http, site.getAddress().getPort());
        try {
            String server = "http://127.0.0.1:" + http;
            awaitStream(server, evex);
            String at = "http://127.0.0.1:" + site.getAddress().getPort() + "/latency.html?server=" + server + "&token="
                    + TOKEN + "&epoch=" + StampedVideo.EPOCH;
            List<Long> mse = chromium(at + "&mode=mse", "mse");
            List<Long> picture = chromium(at + "&mode=picture", "picture");
            List<Long> hls = hls(server + "/hls/bench/index.m3u8?token=" + TOKEN);
            System.out.printf("%n%-28s %8s %12s %12s%n", "view", "frames", "latency p50", "latency p90");
            print("MSE over WebSocket", mse);
            print("picture stream (JPEG)", picture);
            print("HLS, newest segment", hls);
            System.out.println();
            viewers(server, evex);
        } finally {
            evex.destroy();
            if (!evex.waitFor(15, TimeUnit.SECONDS)) {
                evex.destroyForcibly();
            }
            generator.close();
            site.stop(0);
        }
    }

    private static void print(String name, List<Long> samples) {
        long[] s = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        if (s.length == 0) {
            System.out.printf("%-28s %8d %12s %12s%n", name, 0, "-", "-");
            return;
        }
        System.out.printf("%-28s %8d %9d ms %9d ms%n", name, s.length, s[s.length / 2], s[(int) (s.length * 0.9)]);
    }

    /** The runtime's CPU with n viewers, each a WebSocket that reads everything; per extra viewer. */
    private void viewers(String server, Process evex) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        AtomicLong bytes = new AtomicLong();
        double first = 0;
        System.out.printf("%-10s %10s %14s %16s%n", "viewers", "CPU %", "MB/s sent", "CPU per viewer");
        try {
            // Warm-up: ten viewers for a while, so that the first steps do not pay for the JIT.
            for (int i = 0; i < 10; i++) {
                sockets.add(viewer(client, server, bytes));
            }
            Thread.sleep(8000);
            sockets.forEach(WebSocket::abort);
            sockets.clear();
            for (int n : VIEWERS) {
                while (sockets.size() < n) {
                    sockets.add(viewer(client, server, bytes));
                }
                Thread.sleep(3000);
                long ticks = ThreadCpu.processTicks(evex.pid());
                long sent = bytes.get();
                long t0 = System.nanoTime();
                Thread.sleep(12_000);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = (ThreadCpu.processTicks(evex.pid()) - ticks) / 100.0 / seconds * 100;
                if (n == VIEWERS[0]) {
                    first = cpu;
                }
                System.out.printf(
                        "%-10d %10.1f %14.2f %16s%n",
                        n,
                        cpu,
                        (bytes.get() - sent) / seconds / 1e6,
                        n == VIEWERS[0] ? "" : String.format("%.3f %%", (cpu - first) / (n - VIEWERS[0])));
            }
        } finally {
            sockets.forEach(WebSocket::abort);
        }
    }

    private static WebSocket viewer(HttpClient client, String server, AtomicLong bytes) {
        WebSocket ws = client.newWebSocketBuilder()
                .buildAsync(
                        URI.create(server.replace("http", "ws") + "/api/v1/channels/bench/live.mp4"),
                        new Counting(bytes))
                .join();
        ws.sendText("{\"token\": \"" + TOKEN + "\"}", true).join();
        return ws;
    }

    /** A viewer that reads every message and counts its bytes. */
    private record Counting(AtomicLong bytes) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            bytes.addAndGet(data.remaining());
            ws.request(1);
            return null;
        }
    }

    /** Runs headless Chromium on the page for {@link #SECONDS} and reads the latencies it logged. */
    private List<Long> chromium(String url, String mode) throws Exception {
        Path log = dir.resolve("live-bench-chromium-" + mode + ".log");
        Process browser = new ProcessBuilder(
                        "/usr/bin/chromium",
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        // the page reads the runtime's pictures from another origin: a bench page only
                        "--disable-web-security",
                        "--autoplay-policy=no-user-gesture-required",
                        "--enable-logging=stderr",
                        "--v=0",
                        "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"),
                        url)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Thread.sleep(SECONDS * 1000L);
        browser.destroy();
        browser.waitFor(10, TimeUnit.SECONDS);
        List<Long> all = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LAT.matcher(line);
            if (m.find()) {
                all.add(Long.parseLong(m.group(1)));
            }
        }
        // the first five seconds are start-up (page, socket, first key frame)
        List<Long> kept = all.subList(Math.min(all.size(), all.size() / 4), all.size());
        System.out.printf("%s: %d frames read in the page%n", mode, all.size());
        return new ArrayList<>(kept);
    }

    /**
     * HLS at its best: each new segment fetched as soon as the playlist lists it, its first frame's
     * stamp read back, so the figure is the age of that frame when a player could first have it (a
     * player that keeps three segments, as hls.js does by default, shows it two segments later).
     */
    private List<Long> hls(String playlist) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<Long> samples = new ArrayList<>();
        String last = "";
        long until = System.nanoTime() + SECONDS * 2_000_000_000L; // segments come every 2 s
        Path segment = dir.resolve("live-bench-segment.ts");
        while (System.nanoTime() < until) {
            String text = client.send(
                            java.net.http.HttpRequest.newBuilder(URI.create(playlist))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            String newest = text.lines().filter(l -> l.startsWith("segment-")).reduce("", (x, y) -> y);
            if (!newest.isEmpty() && !newest.equals(last)) {
                long listed = System.currentTimeMillis();
                client.send(
                        java.net.http.HttpRequest.newBuilder(
                                        URI.create(playlist).resolve(newest))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofFile(segment));
                Process decode = new ProcessBuilder(
                                "ffmpeg",
                                "-nostdin",
                                "-v",
                                "error",
                                "-i",
                                segment.toString(),
                                "-frames:v",
                                "1",
                                "-f",
                                "rawvideo",
                                "-pix_fmt",
                                "gray",
                                "-")
                        .start();
                byte[] frame = decode.getInputStream().readAllBytes();
                decode.waitFor();
                if (!last.isEmpty() && frame.length == StampedVideo.W * StampedVideo.H) {
                    samples.add(listed - StampedVideo.EPOCH - StampedVideo.read(frame));
                }
                last = newest;
            }
            Thread.sleep(50);
        }
        System.out.printf("hls: %d new segments seen%n", samples.size());
        return samples;
    }

    private Process startEvex(int source, int http, int sitePort) throws IOException {
        Path config = dir.resolve("live-bench.yaml").toAbsolutePath();
        Files.writeString(
                config,
                "channels:\n  - name: bench\n    url: udp://127.0.0.1:" + source + "\n    motion: {enabled: false}\n"
                        + "http: {port: " + http + ", bind: 127.0.0.1, allowed_origins: [\"http://127.0.0.1:"
                        + sitePort + "\"]}\nexporters:\n  - type: hls\n");
        ProcessBuilder evex = new ProcessBuilder(
                root.resolve("evex").toString(), "run", "--config", config.toString(), "--progress", "0");
        evex.environment().put("EVEX_NO_BUILD", "1"); // bench/run has just built it
        evex.environment().put("EVEX_ADMIN_TOKEN", TOKEN);
        evex.directory(dir.toFile());
        return evex.redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve("live-bench-evex.log").toAbsolutePath().toFile())
                .start();
    }

    /** Waits until the channel's live stream answers (the camera read, its first key frame seen). */
    private static void awaitStream(String server, Process evex) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!evex.isAlive()) {
                throw new IllegalStateException("evex ended; see target/bench-out/live-bench-evex.log");
            }
            try {
                var r = client.send(
                        java.net.http.HttpRequest.newBuilder(URI.create(server + "/api/v1/channels/bench/probe"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"online\":true")) {
                    Thread.sleep(3000); // a key frame or two in the live stream's cache
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the bench channel did not come online in 120 s");
    }

    /** The measuring page: the stamp's 32 blocks read from the top rows of each frame shown. */
    private HttpServer page() throws IOException {
        String html = String.join(
                "\n",
                "<!doctype html><title>latency</title>",
                "<video id=\"v\" muted autoplay playsinline></video><img id=\"i\">",
                "<script type=\"module\">",
                "const q = new URLSearchParams(location.search);",
                "const server = q.get('server'), token = q.get('token'), epoch = Number(q.get('epoch'));",
                "const g = new OffscreenCanvas(640, 20).getContext('2d', { willReadFrequently: true });",
                "const block = 640 / 32;",
                "function read(source) {",
                "  g.drawImage(source, 0, 0, 640, 20, 0, 0, 640, 20);",
                "  const row = g.getImageData(0, block / 2, 640, 1).data;",
                "  let value = 0;",
                "  for (let bit = 0; bit < 32; bit++) value = value * 2 + (row[(bit * block + block / 2) * 4] > 128 ? 1 : 0);",
                "  const latency = Date.now() - epoch - value;",
                "  if (latency >= 0 && latency < 60000) console.log('LAT ' + latency);",
                "}",
                "if (q.get('mode') === 'mse') {",
                "  const { liveVideo } = await import(server + '/console/live-video.js');",
                "  const v = document.getElementById('v');",
                "  liveVideo(v, { server, channel: 'bench', token });",
                "  const each = () => { read(v); v.requestVideoFrameCallback(each); };",
                "  v.requestVideoFrameCallback(each);",
                "} else {",
                "  for (;;) {",
                "    const r = await fetch(server + '/api/v1/channels/bench/image?wait_ms=3000', {",
                "      headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });",
                "    if (r.status === 200) read(await createImageBitmap(await r.blob()));",
                "    await new Promise((done) => setTimeout(done, 60)); // the console's pause",
                "  }",
                "}",
                "</script>");
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/latency.html", exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        site.start();
        return site;
    }
}
