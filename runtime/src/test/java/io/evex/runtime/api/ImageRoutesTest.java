package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.channel.Channel;
import io.evex.runtime.testing.Waits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Pictures: the latest, at a time, in any size, the next one per consumer, and what they cost with many viewers. */
class ImageRoutesTest extends SampleRuntimeTest {

    @Test
    void imagesLatestAtATimeAndInAnySize() throws Exception {
        HttpResponse<byte[]> latest = api.get("/api/v1/channels/lobby/image", ADMIN);
        assertEquals(200, latest.statusCode());
        assertEquals("image/jpeg", latest.headers().firstValue("Content-Type").orElse(""));
        BufferedImage full = picture(latest);
        // A viewer that waits: a live channel answers at once, one not there (or restarting) with 204.
        assertEquals(
                200, api.get("/api/v1/channels/lobby/image?wait_ms=2000", ADMIN).statusCode());
        assertEquals(
                204, api.get("/api/v1/channels/gone/image?wait_ms=300", ADMIN).statusCode());
        assertEquals(640, full.getWidth());
        assertEquals(360, full.getHeight());
        long stamp =
                Long.parseLong(latest.headers().firstValue("X-Frame-Timestamp").orElseThrow());
        assertTrue(Math.abs(System.currentTimeMillis() - stamp) < 2000, "a live frame: " + stamp);
        // The same frame again is "not modified" (frames change every 40 ms: try a few times).
        boolean notModified = false;
        for (int i = 0; i < 20 && !notModified; i++) {
            HttpResponse<byte[]> a = api.get("/api/v1/channels/lobby/image", ADMIN);
            String etag = a.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> b = api.http.send(
                    api.request("/api/v1/channels/lobby/image", ADMIN)
                            .header("If-None-Match", etag)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            notModified = b.statusCode() == 304;
        }
        assertTrue(notModified, "an unchanged frame answers 304");
        BufferedImage small = picture(api.get("/api/v1/channels/lobby/image?width=320", ADMIN));
        assertEquals(320, small.getWidth());
        assertEquals(180, small.getHeight());
        HttpResponse<byte[]> png = api.get("/api/v1/channels/lobby/image?format=png&width=160&height=160", ADMIN);
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        assertEquals(160, picture(png).getHeight());
        HttpResponse<byte[]> past = api.get("/api/v1/channels/lobby/image?at=" + (stamp - 500), ADMIN);
        assertEquals(200, past.statusCode());
        assertTrue(Long.parseLong(past.headers().firstValue("X-Frame-Timestamp").orElseThrow()) <= stamp - 500);
        refused(api.get("/api/v1/channels/lobby/image?at=1000", ADMIN), 404, "/channels/{id}/image", "get", null);
    }

    @Test
    void pastImagesAtARateAsMultipartOrZip() throws Exception {
        Waits.until("3 s of video in the cache", Duration.ofSeconds(20), () -> {
            var cache = channel("lobby").cache();
            return cache.size() > 0 && cache.newestMillis() - cache.oldestMillis() >= 3000;
        });
        // Past frames at 5 a second for 2 s, as a multipart stream with a time stamp per part.
        long to = System.currentTimeMillis() - 200;
        HttpResponse<byte[]> parts =
                api.get("/api/v1/channels/lobby/images?from=" + (to - 2000) + "&to=" + to + "&rate=5", ADMIN);
        assertEquals(200, parts.statusCode());
        String text = new String(parts.body(), StandardCharsets.ISO_8859_1);
        List<Long> stamps = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            if (line.startsWith("X-Frame-Timestamp: ")) {
                stamps.add(Long.parseLong(line.substring(19)));
            }
        }
        // At most 5 a second, all from the window; how many depends on when frames arrived (a loaded
        // machine delivers them unevenly), so only a lower bound well under 10 is asserted.
        assertTrue(stamps.size() >= 6 && stamps.size() <= 11, "5 a second for 2 s: " + stamps);
        for (int i = 1; i < stamps.size(); i++) {
            assertTrue(stamps.get(i) - stamps.get(i - 1) >= 200, "at most 5 a second: " + stamps);
        }
        for (long t : stamps) {
            assertTrue(t >= to - 2000 - 40 && t <= to + 40, "within the window asked: " + stamps);
        }
        HttpResponse<byte[]> zip =
                api.get("/api/v1/channels/lobby/images?from=" + (to - 1000) + "&to=" + to + "&rate=2&as=zip", ADMIN);
        assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElse(""));
        int entries = 0;
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            while (in.getNextEntry() != null) {
                assertNotNull(ImageIO.read(in));
                entries++;
            }
        }
        assertTrue(entries >= 2 && entries <= 3, entries + " pictures in the zip");
    }

    @Test
    void fiftyViewersAndFiftyPollersCostOneEncodePerSourceFrame() throws Exception {
        Channel lobby = channel("lobby");
        AtomicBoolean running = new AtomicBoolean(true);
        List<AtomicLong> viewed = new CopyOnWriteArrayList<>();
        List<AtomicLong> polled = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            AtomicLong parts = new AtomicLong();
            viewed.add(parts);
            threads.add(started(() -> watch(parts, running)));
            AtomicLong pictures = new AtomicLong();
            polled.add(pictures);
            threads.add(started(() -> poll(pictures, running)));
        }
        Waits.until(
                "every viewer and poller to get a picture",
                Duration.ofSeconds(20),
                () -> viewed.stream().allMatch(v -> v.get() > 0)
                        && polled.stream().allMatch(p -> p.get() > 0));
        long encodes0 = evex.api().pictureEncodes();
        long frames0 = lobby.framesDecoded();
        Waits.until("100 more source frames", Duration.ofSeconds(20), () -> lobby.framesDecoded() >= frames0 + 100);
        long encodes = evex.api().pictureEncodes() - encodes0;
        long frames = lobby.framesDecoded() - frames0;
        running.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertTrue(viewed.stream().allMatch(v -> v.get() > 5), "every viewer saw pictures: " + viewed);
        assertTrue(polled.stream().allMatch(p -> p.get() > 5), "every poller got pictures: " + polled);
        long served = viewed.stream().mapToLong(AtomicLong::get).sum()
                + polled.stream().mapToLong(AtomicLong::get).sum();
        assertTrue(
                encodes <= frames + 2,
                encodes + " encodes for " + frames + " source frames (and " + served + " pictures served)");
    }

    /** Reads a preview, counting its parts, until told to stop. */
    private static void watch(AtomicLong parts, AtomicBoolean running) {
        try {
            HttpResponse<InputStream> r = api.http.send(
                    api.request("/api/v1/channels/lobby/live.mjpeg?fps=25", ADMIN)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                byte[] buffer = new byte[65536];
                String tail = "";
                int n;
                while (running.get() && (n = in.read(buffer)) > 0) {
                    String chunk = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    int at = 0;
                    while ((at = chunk.indexOf("--evexframe\r\n", at)) >= 0) {
                        parts.incrementAndGet();
                        at++;
                    }
                    tail = chunk.substring(Math.max(0, chunk.length() - 16));
                }
            }
        } catch (Exception e) {
            // the test ends the stream
        }
    }

    private static void poll(AtomicLong pictures, AtomicBoolean running) {
        while (running.get()) {
            try {
                if (api.get("/api/v1/channels/lobby/image", ADMIN).statusCode() == 200) {
                    pictures.incrementAndGet();
                }
            } catch (Exception e) {
                return;
            }
        }
    }

    @Test
    void nextImageNeverGivesAConsumerTheSameFrameTwice() throws Exception {
        List<List<Long>> seen = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String consumer : List.of("a", "a", "b")) { // two requests at once for "a"
            List<Long> ids = new CopyOnWriteArrayList<>();
            seen.add(ids);
            threads.add(started(() -> {
                for (int i = 0; i < 15; i++) {
                    try {
                        HttpResponse<byte[]> r = api.get(
                                "/api/v1/channels/lobby/next-image?consumer=" + consumer + "&timeout_ms=3000", ADMIN);
                        if (r.statusCode() == 200) {
                            ids.add(Long.parseLong(
                                    r.headers().firstValue("X-Frame-Id").orElseThrow()));
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        List<Long> a = new ArrayList<>(seen.get(0));
        a.addAll(seen.get(1));
        assertEquals(30, a.size(), "every request for a got a frame");
        assertEquals(a.size(), a.stream().distinct().count(), "a never got a frame twice: " + a);
        List<Long> b = seen.get(2);
        assertEquals(15, b.size());
        assertEquals(b.size(), b.stream().distinct().count(), "b never got a frame twice: " + b);
        for (int i = 1; i < b.size(); i++) {
            assertTrue(b.get(i) > b.get(i - 1), "newer each time: " + b);
        }
        refused(
                api.get("/api/v1/channels/lobby/next-image?consumer=bad%20name", ADMIN),
                400,
                "/channels/{id}/next-image",
                "get",
                "consumer");
        HttpResponse<byte[]> none = api.get(
                "/api/v1/channels/lobby/next-image?after=" + (System.currentTimeMillis() + 60_000) + "&timeout_ms=300",
                ADMIN);
        assertEquals(204, none.statusCode(), "nothing newer than the future within the time-out");
    }
}
