package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.evex.runtime.testing.Waits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue 28 in Debian's Chromium: twenty live videos in one page keep playing while a WebSocket
 * client that reads nothing is skipped (counted); a channel that restarts keeps its pages playing;
 * a wrong token gets no media; a page on another (listed) origin embeds a channel with the
 * documented snippet, and one on an unlisted origin cannot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveVideoIT {

    private static final String ADMIN = "live-video-test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Process evex;
    private static URI base;
    private static HttpServer site;
    private static ConsoleBrowser session;
    private static ChromeDriver browser;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        // Sensor noise at 2 Mbit/s: enough to fill a stalled client's socket in seconds, little
        // enough for twenty decoders in one headless browser on two cores.
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25,noise=alls=8:allf=t",
                "-t",
                "8",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "25",
                "-b:v",
                "2M",
                "-maxrate",
                "2M",
                "-bufsize",
                "1M",
                "-pix_fmt",
                "yuv420p",
                dir.resolve("noisy.mp4").toString());
        startSite();
        session = new ConsoleBrowser(dir);
        browser = session.driver;
    }

    /** The runtime, and a web site on another origin (listed in its allowed origins) with the embed snippet. */
    private static void startSite() throws Exception {
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-t",
                "4",
                "-c:v",
                "libx265",
                "-preset",
                "ultrafast",
                "-x265-params",
                "keyint=25:log-level=error",
                "-tag:v",
                "hvc1",
                "-pix_fmt",
                "yuv420p",
                dir.resolve("hevc.mp4").toString());
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.start();
        int sitePort = site.getAddress().getPort();
        Files.writeString(
                dir.resolve("evex.yaml"),
                "channels:\n"
                        + "  - {name: noisy, url: noisy.mp4, motion: {enabled: false}}\n"
                        + "  - {name: hevc, url: hevc.mp4, motion: {enabled: false}}\n"
                        + "http:\n"
                        + "  port: 0\n"
                        + "  allowed_origins: [\"http://127.0.0.1:" + sitePort + "\"]\n");
        evex = EvexProcess.start(dir, Map.of("EVEX_ADMIN_TOKEN", ADMIN), "run", "--config", "evex.yaml");
        base = EvexProcess.httpBase(dir, evex);
        String server = base.toString().replaceAll("/$", "");
        // The documented embed snippet, as a site would put it in its page (README.md has the same).
        String page = "<!doctype html><title>wall</title>\n"
                + snippet()
                        .replace("https://evex.example:8080", server)
                        .replace("'lobby'", "'noisy'")
                        .replace("YOUR-CHANNEL-TOKEN", ADMIN);
        site.createContext("/wall.html", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (session != null) {
            session.quit();
        }
        if (site != null) {
            site.stop(0);
        }
        if (evex != null) {
            evex.destroy();
            evex.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Twenty videos of one channel in a page of the runtime's origin, each on its own socket. */
    private static void twentyViewers(String token) {
        browser.get(base.toString());
        browser.executeAsyncScript(
                "const [token, done] = arguments;"
                        + "import('/console/live-video.js').then(({ liveVideo }) => {"
                        + "  document.body.replaceChildren(); window.videos = [];"
                        + "  for (let i = 0; i < 20; i++) {"
                        + "    const v = document.createElement('video'); v.width = 120; document.body.append(v);"
                        + "    liveVideo(v, { channel: 'noisy', token, onState: (s) => { v.dataset.state = s; v.dataset.states = (v.dataset.states || '') + s + ' '; } });"
                        + "    window.videos.push(v);"
                        + "  }"
                        + "  done(true);"
                        + "});",
                token);
    }

    /** Each video's currentTime now. */
    private static double[] times() {
        List<?> t = (List<?>) browser.executeScript("return window.videos.map((v) => v.currentTime)");
        return t.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    private static void allPlayFor(double seconds) throws Exception {
        session.wait.until(b -> java.util.Arrays.stream(times()).allMatch(t -> t > 0));
        double[] before = times();
        long started = System.nanoTime();
        session.pass(Duration.ofMillis((long) (seconds * 1000)));
        double[] after = times();
        double wall = (System.nanoTime() - started) / 1e9;
        for (int i = 0; i < before.length; i++) {
            double played = after[i] - before[i];
            assertTrue(played >= 0.8 * wall, "video " + i + " played " + played + " s in " + wall + " s");
        }
    }

    @Test
    @Order(1)
    void twentyViewersKeepPlayingWhileAStalledClientIsSkipped() throws Exception {
        twentyViewers(ADMIN);
        allPlayFor(3);
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/v1/channels/noisy/live.mp4 HTTP/1.1\r\nHost: " + base.getAuthority()
                            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                            + "Authorization: Bearer " + ADMIN + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stalled.getInputStream();
            byte[] head = new byte[12];
            assertEquals(12, in.readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 101", new String(head, StandardCharsets.US_ASCII), "upgraded");
            // ...and from here it reads nothing.
            Waits.until("the stalled client's skips counted", Duration.ofSeconds(60), () -> skips() >= 1);
            allPlayFor(3);
        }
        assertEquals(List.of(), session.consoleErrors());
    }

    @Test
    @Order(2)
    void aChannelThatRestartsKeepsItsPagesPlaying() throws Exception {
        twentyViewers(ADMIN);
        allPlayFor(2);
        // Saving rules restarts the channel: its video closes and opens again.
        var r = EvexProcess.call(
                HTTP, base, ADMIN, "PUT", "/api/v1/channels/noisy/rules", "{\"zones\": [], \"lines\": []}");
        assertEquals(200, r.statusCode(), r.body());
        session.wait.until(b -> (Boolean) browser.executeScript("return window.videos.every((v) =>"
                + " /offline playing $/.test(v.dataset.states) && v.dataset.state === 'playing')"));
        allPlayFor(2);
    }

    /**
     * An H.265 camera on the console's channel page: video where this browser plays the codec the
     * stream message names (MediaSource.isTypeSupported), the API's pictures where it cannot.
     */
    @Test
    @Order(4)
    void theConsoleFallsBackToPicturesWhereTheBrowserCannotPlayTheCodec() throws Exception {
        browser.get(base.toString());
        browser.executeScript("sessionStorage.setItem('evex.token', arguments[0])", ADMIN);
        browser.get(base + "#/channel/hevc");
        org.openqa.selenium.WebElement video =
                session.wait.until(b -> b.findElement(org.openqa.selenium.By.id("live-video")));
        session.wait.until(b -> {
            String state = video.getAttribute("data-state");
            return "playing".equals(state) || "unsupported".equals(state);
        });
        boolean playable = (Boolean)
                browser.executeScript("return MediaSource.isTypeSupported('video/mp4; codecs=\"hvc1.1.6.L60.90\"')"
                        + " || MediaSource.isTypeSupported('video/mp4; codecs=\"hvc1.1.6.L63.90\"')");
        if ("unsupported".equals(video.getAttribute("data-state"))) {
            org.openqa.selenium.WebElement picture = browser.findElement(org.openqa.selenium.By.id("live"));
            session.wait.until(
                    b -> picture.isDisplayed() && session.number("return arguments[0].naturalWidth", picture) > 0);
            assertTrue(!video.isDisplayed(), "the video gives way to the pictures");
        } else {
            session.wait.until(b -> session.number("return arguments[0].currentTime", video) > 0);
            assertTrue(playable, "playing H.265 in a browser that says it cannot?");
        }
        session.shot("hevc-channel");
        assertEquals(List.of(), session.consoleErrors());
    }

    @Test
    @Order(5)
    void aWrongTokenGetsNoMedia() {
        twentyViewers("not-the-token");
        session.wait.until(b ->
                (Boolean) browser.executeScript("return window.videos.every((v) => v.dataset.state === 'refused')"));
        assertEquals(
                0L,
                browser.executeScript(
                        "return window.videos.reduce((n, v) => n + v.buffered.length + v.getVideoPlaybackQuality().totalVideoFrames, 0)"));
        // (last: twenty wrong tokens make the runtime refuse this address for a while, as it should)
        session.consoleErrors(); // the refused sockets are logged by the browser: expected here
    }

    @Test
    @Order(3)
    void aPageOnAListedOriginEmbedsAChannelAndAnUnlistedOneCannot() throws Exception {
        int port = site.getAddress().getPort();
        browser.get("http://127.0.0.1:" + port + "/wall.html");
        session.wait.until(b ->
                "playing".equals(b.findElement(org.openqa.selenium.By.id("cam")).getAttribute("data-state")));
        session.wait.until(b -> session.number("return document.getElementById('cam').currentTime", null) > 1);
        session.shot("embedded-wall");
        // The same page from localhost is another origin, not listed: the module is not theirs to load.
        browser.get("http://localhost:" + port + "/wall.html");
        Object outcome = browser.executeAsyncScript("const done = arguments[0];" + "import('" + base
                + "console/live-video.js').then(() => done('loaded'), () => done('refused'));");
        assertEquals("refused", outcome);
        session.consoleErrors();
    }

    /** The html block of docs/live-video.md, which the README repeats word for word. */
    private static String snippet() throws java.io.IOException {
        Path root =
                Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
        String doc = Files.readString(root.resolve("docs/live-video.md"));
        int from = doc.indexOf("```html\n") + "```html\n".length();
        String block = doc.substring(from, doc.indexOf("```", from));
        assertTrue(
                Files.readString(root.resolve("README.md")).contains(block),
                "the README shows the snippet of docs/live-video.md");
        return block;
    }

    private static long skips() {
        try {
            JsonNode status = JSON.readTree(EvexProcess.call(HTTP, base, ADMIN, "GET", "/api/status", null)
                    .body());
            return status.at("/live/source/noisy/skips").asLong();
        } catch (java.io.IOException e) {
            return -1; // asked again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Makes a test clip with the ffmpeg CLI. */
    private static void ffmpeg(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }
}
