package io.evex.bench;

import com.sun.management.OperatingSystemMXBean;
import io.evex.runtime.Evex;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpLimits;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.http.ServerTls;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP API benchmark of issue 13: latest-image requests per second and their 99th percentile
 * latency with 100 concurrent clients on one live 720p25 channel, next to the same server sending
 * a static JPEG file of the same size in the same run; then the runtime's CPU per extra MJPEG
 * viewer (viewers are curl processes, so their own CPU is not counted); then the cost of security
 * (issue 24): the same latest-image load on a server open to all ({@code http.auth: none}), with a
 * token, and with a token over HTTPS (the self-signed certificate), each a fresh runtime.
 */
final class ApiBench {

    private static final String TOKEN = "evx-bench-admin-0123456789abcdef";
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Path dir;
    private final int seconds;

    ApiBench(Path dir, int seconds) {
        this.dir = dir;
        this.seconds = seconds;
    }

    /** A 30 s 1280x720 H.264 test clip, made once. */
    private Path clip() throws Exception {
        Path clip = dir.resolve("api-720p.mp4");
        if (!Files.exists(clip)) {
            Process ffmpeg = new ProcessBuilder(
                            "ffmpeg",
                            "-nostdin",
                            "-v",
                            "error",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "testsrc2=size=1280x720:rate=25",
                            "-t",
                            "30",
                            "-c:v",
                            "libx264",
                            "-preset",
                            "veryfast",
                            "-g",
                            "50",
                            "-pix_fmt",
                            "yuv420p",
                            clip.toString())
                    .inheritIO()
                    .start();
            if (ffmpeg.waitFor() != 0) {
                throw new IllegalStateException("ffmpeg could not make the test clip");
            }
        }
        return clip;
    }

    void all() throws Exception {
        Path clip = clip();
        try (Evex evex = start(clip, "api-state", HttpLimits.DEFAULT, null, false)) {
            URI base = evex.http().baseUri();
            HttpClient http = client();
            byte[] still = http.send(
                            request(base.resolve("api/v1/channels/cam/image"), TOKEN),
                            HttpResponse.BodyHandlers.ofByteArray())
                    .body();
            Path statics = Files.createDirectories(dir.resolve("api-static/cam"));
            Files.write(statics.resolve("frame.jpg"), still);
            evex.http().publish("static/cam", statics);
            System.out.printf(
                    "HTTP API benchmark: one 1280x720 25 fps channel, %d concurrent clients, %d s per run, %d cores, JPEG of %,d bytes%n%n",
                    100, seconds, Runtime.getRuntime().availableProcessors(), still.length);
            load(http, base.resolve("static/cam/frame.jpg"), TOKEN, 2); // warm-up
            load(http, base.resolve("api/v1/channels/cam/image"), TOKEN, 2);
            double[] file = load(http, base.resolve("static/cam/frame.jpg"), TOKEN, seconds);
            long encodes0 = evex.api().pictureEncodes();
            double[] latest = load(http, base.resolve("api/v1/channels/cam/image"), TOKEN, seconds);
            long encodes = evex.api().pictureEncodes() - encodes0;
            line("baseline: static JPEG file, same server", file);
            line("latest image (live, encoded once per frame)", latest);
            System.out.printf(
                    "latest / static: %.2f; %d encodes for %.0f requests (%.1f per second)%n%n",
                    latest[0] / file[0], encodes, latest[0] * seconds, encodes / (double) seconds);
        }
        // 21 viewers share one token here: more than a token may hold by default
        try (Evex evex = start(
                clip,
                "api-state-mjpeg",
                new HttpLimits(10, Duration.ofMinutes(1), 64, 256, 4, 16L << 20),
                null,
                false)) {
            mjpeg(evex.http().baseUri());
        }
        security(clip);
    }

    /**
     * Latest-image throughput open to all, with a token, and with a token over HTTPS, driven by curl
     * (100 requests in flight on kept-alive connections; a process of its own, so that the client's
     * TLS is not counted as the server's): requests per second, and the server's CPU per request.
     */
    private void security(Path clip) throws Exception {
        System.out.printf(
                "%nSecurity: latest image, curl with 100 requests in flight, fresh runtime each,"
                        + " %d warm-up rounds then the median of %d (12,000 requests a round):%n",
                WARM_ROUNDS, ROUNDS);
        double[] open;
        try (Evex evex = start(clip, "api-open", HttpLimits.DEFAULT, null, true)) {
            open = curlRounds(evex.http().baseUri(), null, null);
        }
        double[] token;
        try (Evex evex = start(clip, "api-token", HttpLimits.DEFAULT, null, false)) {
            token = curlRounds(evex.http().baseUri(), TOKEN, null);
        }
        double[] tls;
        try (Evex evex = start(clip, "api-tls", HttpLimits.DEFAULT, new ServerTls(true, null, null, -1), false)) {
            tls = curlRounds(
                    evex.http().baseUri(), TOKEN, evex.http().certificate().getKey());
        }
        curlLine("HTTP, no token (http.auth: none)", open);
        curlLine("HTTP, token", token);
        curlLine("HTTPS (self-signed EC P-256, JDK TLS), token", tls);
        System.out.printf(
                "a token costs %.1f %% of requests/s; TLS %.1f %% of requests/s and %.0f us of server CPU per request"
                        + " (client and server share %d cores here: curl's decryption takes from the server too)%n",
                100 * (1 - token[0] / open[0]),
                100 * (1 - tls[0] / token[0]),
                tls[1] - token[1],
                Runtime.getRuntime().availableProcessors());
    }

    private static final int WARM_ROUNDS = 8;
    private static final int ROUNDS = 3;

    /** {median requests/s, median server CPU us per request} over the measured rounds. */
    private double[] curlRounds(URI base, String token, Path cacert) throws Exception {
        Path config = dir.resolve("curl-requests.txt");
        String url = base.resolve("api/v1/channels/cam/image").toString();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12_000; i++) {
            lines.append("url = \"").append(url).append("\"\noutput = \"/dev/null\"\n");
        }
        Files.writeString(config, lines);
        List<String> command =
                new ArrayList<>(List.of("curl", "-s", "-Z", "--parallel-max", "100", "-K", config.toString()));
        if (token != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        if (cacert != null) {
            command.addAll(List.of("--cacert", cacert.toString()));
        }
        double[] rates = new double[ROUNDS];
        double[] cpu = new double[ROUNDS];
        for (int round = 0; round < WARM_ROUNDS + ROUNDS; round++) {
            long cpu0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            Process curl = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (curl.waitFor() != 0) {
                throw new IllegalStateException("curl failed (" + curl.exitValue() + ") on " + url);
            }
            if (round >= WARM_ROUNDS) {
                rates[round - WARM_ROUNDS] = 12_000 / ((System.nanoTime() - t0) / 1e9);
                cpu[round - WARM_ROUNDS] = (OS.getProcessCpuTime() - cpu0) / 1e3 / 12_000;
            }
        }
        Arrays.sort(rates);
        Arrays.sort(cpu);
        return new double[] {rates[ROUNDS / 2], cpu[ROUNDS / 2]};
    }

    private static void curlLine(String what, double[] r) {
        System.out.printf("%-46s %9.0f req/s   server CPU %6.0f us/request%n", what, r[0], r[1]);
    }

    private Evex start(Path clip, String state, HttpLimits limits, ServerTls tls, boolean open) throws Exception {
        HttpSettings settings = new HttpSettings(true, "127.0.0.1", 0, TOKEN, dir.resolve(state)).withLimits(limits);
        if (tls != null) {
            settings = settings.withTls(tls);
        }
        if (open) {
            settings = settings.withoutAuth();
        }
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(List.of(ChannelSettings.of("cam", clip.toString()).withLoop(true)))
                .withHttp(settings)
                .withWorkingDirectory(dir);
        Evex evex = new Evex(config, false).start();
        Thread.sleep(3000);
        return evex;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void line(String what, double[] r) {
        System.out.printf("%-46s %9.0f req/s   p50 %6.1f ms   p99 %6.1f ms%n", what, r[0], r[1], r[2]);
    }

    private static HttpRequest request(URI uri, String token) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** 100 clients asking in a loop for {@code seconds}: {requests/s, p50 ms, p99 ms}. */
    private static double[] load(HttpClient http, URI uri, String token, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> perClient = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        HttpRequest request = request(uri, token);
        for (int i = 0; i < 100; i++) {
            long[] latencies = new long[200_000];
            perClient.add(latencies);
            Thread t = new Thread(() -> {
                int n = 0;
                while (running.get() && n < latencies.length - 1) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(uri + " answered " + r.statusCode());
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    latencies[++n] = System.nanoTime() - t0;
                }
                latencies[0] = n;
            });
            t.setDaemon(true);
            clients.add(t);
        }
        long start = System.nanoTime();
        clients.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread t : clients) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = perClient.stream().mapToLong(l -> l[0]).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] l : perClient) {
            System.arraycopy(l, 1, all, at, (int) l[0]);
            at += (int) l[0];
        }
        Arrays.sort(all);
        return new double[] {total / elapsed, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6};
    }

    /** The runtime's CPU with 1 and with 21 viewers of one preview: the cost of each extra viewer. */
    private void mjpeg(URI base) throws Exception {
        String url = base.resolve("api/v1/channels/cam/live.mjpeg?fps=25&token=" + TOKEN)
                .toString();
        List<Process> viewers = new ArrayList<>();
        try {
            viewers.add(curl(url));
            Thread.sleep(2000);
            double one = cpuPercent(seconds);
            for (int i = 0; i < 20; i++) {
                viewers.add(curl(url));
            }
            Thread.sleep(2000);
            double many = cpuPercent(seconds);
            System.out.printf(
                    "MJPEG 25 fps 720p: runtime CPU %.1f %% of a core with 1 viewer, %.1f %% with 21: %.2f %% per extra viewer%n",
                    one, many, (many - one) / 20);
        } finally {
            viewers.forEach(Process::destroy);
        }
    }

    private static Process curl(String url) throws Exception {
        return new ProcessBuilder("curl", "-s", "-N", "-o", "/dev/null", url)
                .redirectErrorStream(true)
                .start();
    }

    /** This process's CPU over {@code seconds}, in % of one core. */
    private static double cpuPercent(int seconds) throws InterruptedException {
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        return (OS.getProcessCpuTime() - cpu0) * 100.0 / (System.nanoTime() - t0);
    }
}
