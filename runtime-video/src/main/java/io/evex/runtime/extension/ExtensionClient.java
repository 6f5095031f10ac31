package io.evex.runtime.extension;

import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.FrameStamp;
import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.RateFilter;
import io.evex.runtime.analysis.StageContext;
import io.evex.runtime.event.InferenceEvent;
import io.evex.runtime.media.FramePayload;
import io.evex.runtime.video.VideoException;
import io.evex.runtime.video.VideoPixels;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's AI extension: the detect stage's object source (a detector backend) when {@code http_extension} is
 * configured. Frames that pass its own rate (and, if asked, show motion) are POSTed, encoded on a
 * worker thread, to the AI server as the LVA contract says; at most {@code max_in_flight} at once —
 * a frame arriving while all are out is skipped and counted, never queued (a source read faster than
 * real time waits for a slot instead). Answers: 200 →
 * {@code inference} events and the {@code entity} inferences as detections; 204 → nothing; 503 →
 * no request before {@code Retry-After} (or the back-off) through the runtime's one back-off, which
 * also spaces out attempts at a server that cannot be reached; other statuses and time-outs are
 * counted and said once per run of failures. The frame sent is held (a reference, not a copy) until
 * its answer has been tracked, so that pictures of its objects are cut from it.
 */
public final class ExtensionClient implements ObjectSource {

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionClient.class);

    /** One answered request: the frame it was about and what came back. */
    private record Answer(
            AnalysisFrame frame, FrameStamp stamp, Inferences inferences, int status, double rttMs, int[] layout) {}

    private final String channel;
    private final ExtensionSettings settings;
    private final URI target;
    private final String shownUrl;
    private final Predicate<AnalysisFrame> moving;
    private final RateFilter rate;
    /** Read faster than real time, a request whose connection broke goes again after this (100 ms, 200 ms). */
    private static final Backoff BROKEN_CONNECTION = Backoff.ofMillis(100, 400);

    private final Semaphore inFlight;
    private final boolean waits;
    private final ExecutorService workers;
    private final HttpClient http;
    private final Backoff.Schedule backoff;
    private final ThreadLocal<FramePayload> payloads;
    private final List<FramePayload> allPayloads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Answer> toReport = new ArrayList<>();
    private final Map<String, LongAdder> counts = new LinkedHashMap<>();
    private final LongAdder rttNanos = new LongAdder();
    private final LongAdder responses = new LongAdder();
    private int failuresInRow;

    /** @param moving whether the motion detector sees something in a frame (always true without one) */
    public ExtensionClient(String channel, ExtensionSettings settings, Predicate<AnalysisFrame> moving) {
        this(channel, settings, moving, false);
    }

    /**
     * @param waits a source read faster than real time: a frame waits for a request to come back
     *     when {@code max_in_flight} are out, instead of being skipped
     */
    public ExtensionClient(String channel, ExtensionSettings settings, Predicate<AnalysisFrame> moving, boolean waits) {
        this.waits = waits;
        this.channel = channel;
        this.settings = settings;
        this.target = withQuery(settings.url(), settings.query());
        // What events and logs show: no user information, no query (either may hold a secret).
        this.shownUrl = settings.url().getScheme() + "://" + settings.url().getHost()
                + (settings.url().getPort() < 0 ? "" : ":" + settings.url().getPort())
                + settings.url().getPath();
        this.moving = moving;
        this.rate = new RateFilter(settings.fps());
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.workers = Executors.newFixedThreadPool(settings.maxInFlight(), r -> {
            Thread t = new Thread(r, "evex-ai-" + channel);
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(settings.timeoutMs()))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.backoff = Backoff.ofMillis(1000, 30_000).schedule(Ticker.SYSTEM);
        this.payloads = ThreadLocal.withInitial(() -> {
            FramePayload p = new FramePayload(settings.format(), 85);
            synchronized (allPayloads) {
                allPayloads.add(p);
            }
            return p;
        });
        for (String name : List.of(
                "requests",
                "retried",
                "answered",
                "empty",
                "busy",
                "failed",
                "timeouts",
                "skipped_in_flight",
                "skipped_backing_off",
                "skipped_no_motion")) {
            counts.put(name, new LongAdder());
        }
    }

    private void count(String name) {
        counts.get(name).increment();
    }

    @Override
    public Found next(AnalysisFrame frame) {
        if (rate.pass(frame.ptsMicros())) {
            offer(frame);
        }
        Found newest = null;
        for (Answer a = answers.poll(); a != null; a = answers.poll()) {
            toReport.add(a);
            if (!a.inferences().isOpaque()) {
                if (newest != null) {
                    newest.frame().release(); // an older answer: its events are reported, its objects superseded
                }
                newest = new Found(a.frame(), a.inferences().entities());
            } else {
                a.frame().release();
            }
        }
        return newest; // the detect stage releases its frame once the later stages are done
    }

    private void offer(AnalysisFrame frame) {
        if (settings.onlyWithMotion() && !moving.test(frame)) {
            count("skipped_no_motion");
            return;
        }
        if (waits) {
            // Read faster than real time: every selected frame goes, once a slot is free and the back-off over.
            if (!(frame instanceof VideoPixels) || !acquired() || !backedOff()) {
                count("skipped_in_flight");
                return;
            }
        } else {
            synchronized (backoff) {
                if (!backoff.due()) {
                    count("skipped_backing_off");
                    return;
                }
            }
            if (!(frame instanceof VideoPixels) || !inFlight.tryAcquire()) {
                count("skipped_in_flight");
                return;
            }
        }
        AnalysisFrame held = frame.hold();
        try {
            workers.execute(() -> call(held));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            held.release();
            inFlight.release();
        }
    }

    /** Waits out the back-off after a failure (read faster than real time); false when interrupted (the slot is let go). */
    private boolean backedOff() {
        while (true) {
            long ms;
            synchronized (backoff) {
                if (backoff.due()) {
                    return true;
                }
                ms = Math.max(1, backoff.remaining().toMillis());
            }
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                inFlight.release();
                return false;
            }
        }
    }

    /** Waits for a request slot (read faster than real time); false when interrupted. */
    private boolean acquired() {
        try {
            inFlight.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The inference events of the answers that came in since the last frame. */
    @Override
    public void report(StageContext context) {
        for (Answer a : toReport) {
            Inferences i = a.inferences();
            context.emit(InferenceEvent.fill(
                    context.event(InferenceEvent.TYPE, InferenceEvent.VERSION, a.stamp()),
                    i.list(),
                    shownUrl,
                    a.status(),
                    a.rttMs(),
                    settings.format(),
                    a.layout()[0],
                    a.layout()[1],
                    i.contentType(),
                    i.opaque()));
        }
        toReport.clear();
    }

    private void call(AnalysisFrame held) {
        int[] layout = settings.layout(held.width(), held.height());
        boolean kept = false;
        try {
            FramePayload.Body body = payloads.get().encode(((VideoPixels) held).video(), layout);
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofMillis(settings.timeoutMs()))
                    .header("Content-Type", body.contentType())
                    .header("Accept", "application/json, */*")
                    .header("User-Agent", "Evex")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
            if (settings.format().equals("raw")) {
                request.header("X-Pixel-Format", "bgr24")
                        .header("X-Image-Width", Integer.toString(layout[0]))
                        .header("X-Image-Height", Integer.toString(layout[1]));
            }
            settings.headers().forEach(request::header);
            count("requests");
            long t0 = System.nanoTime();
            HttpResponse<byte[]> response = send(request.build());
            long rtt = System.nanoTime() - t0;
            rttNanos.add(rtt);
            responses.increment();
            kept = answered(held, response, rtt / 1e6, layout);
        } catch (HttpTimeoutException e) {
            count("timeouts");
            failed("no answer within " + settings.timeoutMs() + " ms", false);
        } catch (IOException e) {
            count("failed");
            failed("cannot reach it: " + e.getMessage(), true);
        } catch (VideoException | RuntimeException e) {
            count("failed");
            failed("the frame could not be sent: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!kept) {
                held.release();
            }
            inFlight.release();
        }
    }

    /**
     * Sends a request; read faster than real time, a request whose connection broke (a kept-alive
     * connection the server had closed) goes twice more before the frame is given up (counted).
     */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (!waits || attempt >= 3) {
                    throw e;
                }
                count("retried");
                Thread.sleep(BROKEN_CONNECTION.delay(attempt).toMillis());
            }
        }
    }

    /** Handles an answer; true when the frame went on with it (to be released by whoever tracks it). */
    private boolean answered(AnalysisFrame frame, HttpResponse<byte[]> response, double rttMs, int[] layout) {
        int status = response.statusCode();
        switch (status) {
            case 200 -> {
                count("answered");
                String type = response.headers().firstValue("Content-Type").orElse("");
                answers.add(new Answer(
                        frame,
                        FrameStamp.of(frame),
                        Inferences.read(type, response.body(), layout),
                        status,
                        rttMs,
                        layout));
                recovered();
                return true;
            }
            case 204 -> {
                count("empty");
                recovered();
            }
            case 503 -> {
                count("busy");
                Duration wait = retryAfter(response);
                Duration waited;
                synchronized (backoff) {
                    waited = backoff.failed(wait);
                }
                failed("busy (503); the next request in " + waited.toMillis() + " ms", false);
            }
            default -> {
                count("failed");
                failed("answered " + status, false);
            }
        }
        return false;
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is rare from AI servers: then the back-off decides). */
    static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("");
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private void failed(String what, boolean backOff) {
        Duration wait = null;
        synchronized (backoff) {
            if (backOff) {
                wait = backoff.failed();
            }
            if (failuresInRow++ > 0) {
                return; // said once per run of failures; the counters keep the rest
            }
        }
        LOG.warn(
                "channel '{}': AI extension {}: {}{}; further failures are counted until it answers again",
                channel,
                shownUrl,
                what,
                wait == null ? "" : "; trying again in " + wait.toMillis() + " ms");
    }

    private void recovered() {
        int failures;
        synchronized (backoff) {
            backoff.succeeded();
            failures = failuresInRow;
            failuresInRow = 0;
        }
        if (failures > 0) {
            LOG.info(
                    "channel '{}': AI extension {} answers again after {} failed request(s)",
                    channel,
                    shownUrl,
                    failures);
        }
    }

    @Override
    public Map<String, Number> counters() {
        Map<String, Number> c = new LinkedHashMap<>();
        counts.forEach((k, v) -> c.put(k, v.sum()));
        long done = responses.sum();
        c.put("in_flight", settings.maxInFlight() - inFlight.availablePermits());
        c.put("round_trip_ms", done == 0 ? 0 : Math.round(rttNanos.sum() / 1e4 / done) / 100.0);
        return c;
    }

    @Override
    public void close() {
        if (waits) {
            workers.shutdown(); // read faster than real time: the last frames' requests still go
        } else {
            workers.shutdownNow();
        }
        try {
            workers.awaitTermination(settings.timeoutMs() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Answer a = answers.poll(); a != null; a = answers.poll()) {
            a.frame().release();
        }
        synchronized (allPayloads) {
            allPayloads.forEach(FramePayload::close);
        }
    }

    private static URI withQuery(URI url, Map<String, String> query) {
        if (query.isEmpty()) {
            return url;
        }
        String extra = query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        String s = url.toString();
        return URI.create(s + (url.getRawQuery() == null ? "?" : "&") + extra);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
