package io.evex.bench.drill;

import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The users of a soak: HTTP pollers, MJPEG viewers, SSE streams, HLS players and RTSP clients
 * (ffmpeg, copying), each on a thread of its own that reconnects when its stream ends, counting
 * what it got and what failed.
 */
public final class SoakClients {

    /** How the clients reconnect: Evex's own back-off, from 500 ms to 5 s. */
    private static final Backoff RECONNECT = Backoff.ofMillis(500, 5_000);

    private final EvexProcess evex;
    private final List<String> channels;
    private final int rtspPort;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Process> ffmpegs = new ArrayList<>();
    private volatile boolean running = true;

    public final LongAdder polls = new LongAdder();
    public final LongAdder pollErrors = new LongAdder();
    public final LongAdder streamBytes = new LongAdder();
    public final LongAdder streamReconnects = new LongAdder();
    public final LongAdder streamErrors = new LongAdder();
    public final LongAdder hlsSegments = new LongAdder();
    public final LongAdder rtspRestarts = new LongAdder();

    public SoakClients(EvexProcess evex, List<String> channels, int rtspPort) {
        this.evex = evex;
        this.channels = channels;
        this.rtspPort = rtspPort;
    }

    public void start(int pollers, int mjpeg, int sse, int hls, int rtsp) {
        for (int i = 0; i < pollers; i++) {
            int n = i;
            spawn("poller-" + i, () -> poll(n));
        }
        for (int i = 0; i < mjpeg; i++) {
            String c = channels.get(i % channels.size());
            spawn("mjpeg-" + i, () -> stream("/api/v1/channels/" + c + "/live.mjpeg?fps=5&width=320"));
        }
        for (int i = 0; i < sse; i++) {
            spawn("sse-" + i, () -> stream("/api/v1/events/stream"));
        }
        for (int i = 0; i < hls; i++) {
            String c = channels.get(i % channels.size());
            spawn("hls-" + i, () -> hls(c));
        }
        for (int i = 0; i < rtsp; i++) {
            String c = channels.get((i + 1) % channels.size());
            spawn("rtsp-" + i, () -> rtsp(c));
        }
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, "soak-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void poll(int n) {
        String c = channels.get(n % channels.size());
        List<String> paths = List.of(
                "/api/status",
                "/api/v1/channels",
                "/api/v1/channels/" + c + "/probe",
                "/api/v1/channels/" + c + "/image?width=320",
                "/api/v1/events?limit=20",
                "/api/v1/metrics",
                "/api/v1/channels/" + c + "/recordings",
                "/api/v1/events/stats?bucket=1h");
        Backoff.Schedule retry = RECONNECT.schedule(Ticker.SYSTEM);
        for (int i = n; running; i++) {
            try {
                HttpResponse<byte[]> r = http.send(
                        evex.request(paths.get(i % paths.size())).build(), HttpResponse.BodyHandlers.ofByteArray());
                (r.statusCode() < 400 || r.statusCode() == 503 ? polls : pollErrors)
                        .increment(); // 503: a channel flapping
                retry.succeeded();
                Thread.sleep(1_000);
            } catch (Exception e) {
                pollErrors.increment();
                pause(retry);
            }
        }
    }

    private void stream(String path) {
        byte[] buffer = new byte[64 * 1024];
        Backoff.Schedule retry = RECONNECT.schedule(Ticker.SYSTEM);
        while (running) {
            try {
                // text/event-stream: an SSE stream answers 406 to anything else
                HttpResponse<InputStream> r = http.send(
                        evex.request(path)
                                .timeout(Duration.ofDays(1))
                                .header("Accept", path.endsWith("/stream") ? "text/event-stream" : "*/*")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() >= 400) {
                    streamErrors.increment();
                } else {
                    retry.succeeded();
                }
                try (InputStream in = r.body()) {
                    for (int n; running && (n = in.read(buffer)) >= 0; ) {
                        streamBytes.add(n);
                    }
                }
            } catch (Exception e) {
                // the channel went away, or Evex is busy: connect again
            }
            streamReconnects.increment();
            pause(retry);
        }
    }

    private void hls(String channel) {
        String base = "/hls/" + channel + "/";
        Backoff.Schedule retry = RECONNECT.schedule(Ticker.SYSTEM);
        while (running) {
            try {
                String playlist = http.send(
                                evex.request(base + "index.m3u8").build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                String last = null;
                for (String line : playlist.split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        last = line.trim();
                    }
                }
                if (last != null) {
                    String path = last.startsWith("/") ? last : base + last;
                    http.send(evex.request(path).build(), HttpResponse.BodyHandlers.discarding());
                    hlsSegments.increment();
                }
                retry.succeeded();
                Thread.sleep(2_000);
            } catch (Exception e) {
                pause(retry);
            }
        }
    }

    private void rtsp(String channel) {
        Backoff.Schedule retry = RECONNECT.schedule(Ticker.SYSTEM);
        while (running) {
            try {
                Process p = new ProcessBuilder(
                                "ffmpeg",
                                "-nostdin",
                                "-loglevel",
                                "error",
                                "-rtsp_transport",
                                "tcp",
                                "-i",
                                "rtsp://127.0.0.1:" + rtspPort + "/" + channel,
                                "-c",
                                "copy",
                                "-f",
                                "null",
                                "-")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                synchronized (ffmpegs) {
                    ffmpegs.add(p);
                }
                while (running && !p.waitFor(1, TimeUnit.SECONDS)) {
                    // watching
                }
                p.destroy();
                if (running) {
                    rtspRestarts.increment();
                    pause(retry); // the stream ended: the camera or Evex is away
                }
            } catch (Exception e) {
                pause(retry);
            }
        }
    }

    /** Waits the next step of {@code retry} before connecting again, as Evex's own clients do. */
    private static void pause(Backoff.Schedule retry) {
        try {
            Thread.sleep(retry.failed().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() throws InterruptedException {
        running = false;
        synchronized (ffmpegs) {
            ffmpegs.forEach(Process::destroy);
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join(5_000);
        }
    }
}
