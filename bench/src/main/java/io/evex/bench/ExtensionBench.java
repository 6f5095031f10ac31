package io.evex.bench;

import com.sun.net.httpserver.HttpServer;
import io.evex.runtime.Evex;
import io.evex.runtime.analysis.motion.MotionSettings;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.extension.ExtensionSettings;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.video.SourceUrl;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The AI extension benchmark of issue 14: frames per second through the http_extension stage
 * (decode, JPEG encode, POST, answer) to a local server that answers at once (204), next to a bare
 * HTTP client loop POSTing the same JPEGs to the same server in the same run, each with 1 and 2
 * requests in flight.
 */
final class ExtensionBench {

    private final Path dir;
    private final int seconds;

    ExtensionBench(Path dir, int seconds) {
        this.dir = dir;
        this.seconds = seconds;
    }

    void all() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        AtomicLong received = new AtomicLong();
        server.createContext("/score", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/score");
        try {
            byte[] jpeg = sampleJpeg();
            System.out.printf(
                    "AI extension benchmark: the sample (640x360) as JPEG (~%,d bytes) to a local server answering 204 at once, %d s per run, %d cores%n%n",
                    jpeg.length, seconds, Runtime.getRuntime().availableProcessors());
            for (int inFlight : new int[] {1, 2}) {
                bare(url, jpeg, inFlight, 2); // warm-up
                double bare = bare(url, jpeg, inFlight, seconds);
                stage(url, inFlight, 2);
                double stage = stage(url, inFlight, seconds);
                System.out.printf(
                        "%d in flight: bare client loop %7.0f req/s; stage %7.0f frames/s; stage / bare %.2f%n",
                        inFlight, bare, stage, stage / bare);
            }
        } finally {
            server.stop(0);
        }
    }

    /** A JPEG of a sample frame, as the stage sends it. */
    private byte[] sampleJpeg() throws Exception {
        Path jpg = dir.resolve("extension-sample.jpg");
        Process p = new ProcessBuilder(
                        "ffmpeg",
                        "-nostdin",
                        "-v",
                        "error",
                        "-y",
                        "-ss",
                        "3",
                        "-i",
                        SourceUrl.sampleFile().toString(),
                        "-frames:v",
                        "1",
                        "-q:v",
                        "4",
                        jpg.toString())
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg could not take a frame of the sample");
        }
        return Files.readAllBytes(jpg);
    }

    private static double bare(URI url, byte[] jpeg, int clients, int seconds) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg))
                .build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    try {
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                        done.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }

    /** Frames/s the stage sends: the sample read as fast as it decodes, every frame offered. */
    private double stage(URI url, int inFlight, int seconds) throws Exception {
        MotionSettings m = MotionSettings.DEFAULT;
        ExtensionSettings server =
                new ExtensionSettings(url, "jpg", 0, 0, "preserve", 10_000, false, inFlight, 5000, Map.of(), Map.of());
        ChannelSettings c = ChannelSettings.of("cam", SourceUrl.SAMPLE)
                .withRealtime(false)
                .withLoop(true)
                .withMotion(new MotionSettings(false, m.sensitivity(), m.minArea(), m.cooldownMs(), m.fps(), m.width()))
                .withCache(0, 0, 0)
                .withObjects(ObjectSettings.NONE.withExtension(server));
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(List.of(c))
                .withHttp(new HttpSettings(false, "127.0.0.1", 0))
                .withWorkingDirectory(dir);
        try (Evex evex = new Evex(config, false).start()) {
            Channel channel = evex.channels().get(0);
            Thread.sleep(500);
            long r0 = requests(channel);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            return (requests(channel) - r0) / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static long requests(Channel c) {
        return c.analysisStats().get("detect").counters().get("requests").longValue();
    }
}
