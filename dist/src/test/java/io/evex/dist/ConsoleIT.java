package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console of the embedded default in Debian's Chromium, driven headless by Selenium as a
 * user clicks: signing in (a wrong token refused), every page loading without a console error, the
 * live preview moving, a zone drawn with the mouse raising {@code event-area-enter}, an exporter
 * added through the form made from its settings (a wrong value refused with the runtime's message
 * next to its field). Screenshots are kept in {@code target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final String ADMIN = "console-test-admin-token";

    @TempDir
    static Path dir;

    private static Process evex;
    private static URI base;
    private static ConsoleBrowser session;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        evex = EvexProcess.start(
                dir,
                Map.of("EVEX_ADMIN_TOKEN", ADMIN),
                "run",
                "--http-port",
                "0",
                "--export",
                "mp4:path=rec/{obj.channel}/{sys.count}.mp4,segment=2s");
        base = EvexProcess.httpBase(dir, evex);
        session = new ConsoleBrowser(dir);
        browser = session.driver;
        wait = session.wait;
    }

    @AfterAll
    static void stop() throws Exception {
        if (session != null) {
            session.quit();
        }
        if (evex != null) {
            evex.destroy();
            evex.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void shot(String name) throws Exception {
        session.shot(name);
    }

    private static List<String> consoleErrors() {
        return session.consoleErrors();
    }

    private static void signIn(String token) {
        browser.get(base.toString());
        WebElement field = wait.until(b -> b.findElement(By.id("token")));
        field.clear();
        field.sendKeys(token, Keys.ENTER);
    }

    /** The channel page of the sample, once its zone editor has its size. */
    private static WebElement rulesCanvas() {
        browser.get(base + "#/channel/lobby");
        WebElement canvas = wait.until(b -> b.findElement(By.id("rules-canvas")));
        wait.until(b -> canvas.getRect().getWidth() > 100);
        return canvas;
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefused() throws Exception {
        signIn("not-the-token");
        wait.until(b -> b.findElement(By.id("sign-in-error")).getText().contains("not valid"));
        assertTrue(browser.findElements(By.id("channels")).isEmpty(), "no channel shown");
        shot("sign-in-refused");
        consoleErrors(); // the refused call is logged by the browser: expected here, cleared
    }

    @Test
    @Order(2)
    void everyPageLoadsWithoutAConsoleError() throws Exception {
        signIn(ADMIN);
        wait.until(b -> b.findElement(By.cssSelector("#channels .card[data-channel=lobby]")));
        wait.until(b -> !b.findElement(By.cssSelector(".card .state")).getText().isEmpty());
        WebElement preview = browser.findElement(By.cssSelector(".card[data-channel=lobby] img"));
        wait.until(b -> ((Number) browser.executeScript("return arguments[0].naturalWidth", preview)).intValue() > 0);
        shot("channels");
        browser.findElement(By.cssSelector(".card[data-channel=lobby]")).click();
        wait.until(b -> b.findElement(By.id("rules-canvas")));
        wait.until(b -> !b.findElements(By.cssSelector("#timeline figure")).isEmpty());
        shot("channel");
        browser.findElement(By.cssSelector("[data-nav=exporters]")).click();
        wait.until(b -> !b.findElements(By.cssSelector("#exporter-rows tr")).isEmpty());
        shot("exporters");
        assertEquals(List.of(), consoleErrors());
    }

    /**
     * Issue 28: the channel page plays the camera's own H.264 by MSE at real time (5 s of the page's
     * clock against the video's), frames decoded and few dropped, and each tracked box appears within
     * two frames of its own frame.
     */
    @Test
    @Order(3)
    void theChannelPagePlaysLiveVideoWithItsBoxesInStep() throws Exception {
        browser.get(base + "#/channel/lobby");
        WebElement video = wait.until(b -> b.findElement(By.id("live-video")));
        wait.until(b -> "playing".equals(video.getAttribute("data-state"))
                && session.number("return arguments[0].currentTime", video) > 0);
        String sample = "const q = arguments[0].getVideoPlaybackQuality();"
                + " return [performance.now(), arguments[0].currentTime, q.totalVideoFrames, q.droppedVideoFrames];";
        List<?> first = (List<?>) browser.executeScript(sample, video);
        session.pass(Duration.ofSeconds(5));
        List<?> last = (List<?>) browser.executeScript(sample, video);
        double wall = (num(last, 0) - num(first, 0)) / 1000;
        double played = num(last, 1) - num(first, 1);
        assertEquals(1.0, played / wall, 0.1, played + " s of video in " + wall + " s");
        double decoded = num(last, 2) - num(first, 2);
        double dropped = num(last, 3) - num(first, 3);
        assertTrue(decoded >= 0.8 * 25 * wall, decoded + " frames decoded in " + wall + " s at 25 fps");
        assertTrue(dropped <= 0.05 * decoded, dropped + " of " + decoded + " frames dropped");
        assertTrue(
                Boolean.TRUE.equals(browser.executeScript("return document.getElementById('live').hidden")),
                "no picture fallback");

        WebElement canvas = browser.findElement(By.id("rules-canvas"));
        wait.withTimeout(Duration.ofSeconds(40)).until(b -> {
            String lags = canvas.getAttribute("data-lags");
            return lags != null && lags.split(" ").length >= 6;
        });
        int[] lags = Arrays.stream(canvas.getAttribute("data-lags").split(" "))
                .mapToInt(Integer::parseInt)
                .sorted()
                .toArray();
        assertTrue(lags[0] >= -5, "never a box before its frame (5 ms of rounding): " + Arrays.toString(lags));
        assertTrue(lags[lags.length / 2] <= 80, "boxes within two frames of theirs: " + Arrays.toString(lags));
        shot("channel-video");
        assertEquals(List.of(), consoleErrors());
    }

    private static double num(List<?> values, int i) {
        return ((Number) values.get(i)).doubleValue();
    }

    @Test
    @Order(4)
    void aZoneDrawnWithTheMouseRaisesAreaEnter() throws Exception {
        WebElement canvas = rulesCanvas();
        browser.findElement(By.id("add-zone")).click();
        // A zone over the whole picture but its edges: the walker is inside it while visible.
        session.click(canvas, new double[][] {{0.03, 0.05}, {0.97, 0.05}, {0.97, 0.97}, {0.03, 0.97}});
        browser.findElement(By.id("finish-shape")).click();
        WebElement name = wait.until(b -> b.findElement(By.cssSelector("#rule-options input[name=name]")));
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "drawn");
        browser.findElement(By.id("save-rules")).click();
        wait.until(b -> b.findElement(By.id("rules-status")).getText().startsWith("Saved"));
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(b -> b.findElements(By.cssSelector("#live-events li[data-type=event-area-enter]")).stream()
                        .anyMatch(li -> li.getText().contains("zone drawn")));
        shot("zone-drawn");
        // Live events came over the event stream: the token went in a header, never in a URL.
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>)
                browser.executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
        assertTrue(urls.stream().anyMatch(u -> u.contains("/api/v1/events/stream")), String.valueOf(urls));
        assertTrue(urls.stream().noneMatch(u -> u.contains("token=")), "no token in a URL: " + urls);
        String rules = Files.readString(dir.resolve(".evex/overrides.json"), StandardCharsets.UTF_8);
        assertTrue(rules.contains("\"drawn\""), "kept for the next start: " + rules);
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    @Order(5)
    void theKeyboardEditsAZonesCorners() throws Exception {
        WebElement canvas = rulesCanvas();
        // Inside "drawn" but not inside the sample's "right" zone: selects "drawn".
        session.click(canvas, new double[][] {{0.1, 0.1}});
        wait.until(b -> b.findElement(By.cssSelector("#rule-options input[name=name]"))
                .getAttribute("value")
                .equals("drawn"));
        canvas.sendKeys(Keys.TAB); // its first corner
        canvas.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_DOWN);
        canvas.sendKeys(Keys.TAB, Keys.DELETE); // the second corner goes
        browser.findElement(By.id("save-rules")).click();
        wait.until(b -> b.findElement(By.id("rules-status")).getText().startsWith("Saved: 2 zone(s)"));
        com.fasterxml.jackson.databind.JsonNode rules = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree((String) browser.executeAsyncScript("const done = arguments[0];"
                        + "fetch('/api/v1/channels/lobby/rules', {headers: {Authorization: 'Bearer "
                        + ADMIN + "'}}).then(r => r.text()).then(done);"));
        com.fasterxml.jackson.databind.JsonNode drawn = rules.path("zones").path(1);
        assertEquals("drawn", drawn.path("name").asText(), rules.toString());
        assertEquals(3, drawn.path("polygon").size(), "a corner deleted with the keyboard: " + drawn);
        assertEquals(0.05, drawn.path("polygon").path(0).path(0).asDouble(), 0.006, "moved right twice: " + drawn);
        assertEquals(0.06, drawn.path("polygon").path(0).path(1).asDouble(), 0.006, "and down once: " + drawn);

        // An object mask drawn like a zone (in a corner the walker never reaches) and a class filter.
        browser.findElement(By.id("add-object-mask")).click();
        session.click(canvas, new double[][] {{0.02, 0.02}, {0.12, 0.02}, {0.02, 0.12}});
        browser.findElement(By.id("finish-shape")).click();
        wait.until(
                b -> b.findElement(By.cssSelector("#rule-options h2")).getText().equals("Object mask"));
        browser.findElement(By.id("filter-class")).sendKeys("motion");
        browser.findElement(By.id("add-filter")).click();
        wait.until(b -> b.findElement(By.name("motion.min_score"))).sendKeys("0.2");
        browser.findElement(By.id("save-rules")).click();
        wait.until(b -> b.findElement(By.id("rules-status")).getText().contains("1 mask(s), 1 class filter(s)"));
        rules = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree((String) browser.executeAsyncScript("const done = arguments[0];"
                        + "fetch('/api/v1/channels/lobby/rules', {headers: {Authorization: 'Bearer "
                        + ADMIN + "'}}).then(r => r.text()).then(done);"));
        assertEquals("object-mask-1", rules.at("/object_masks/0/name").asText(), rules.toString());
        assertEquals(3, rules.at("/object_masks/0/polygon").size(), rules.toString());
        assertEquals(0.2, rules.at("/object_filters/motion/min_score").asDouble(), 1e-9, rules.toString());
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    @Order(6)
    void aWrongSettingShowsTheRuntimesMessageNextToItsField() throws Exception {
        browser.get(base + "#/exporters");
        new Select(wait.until(b -> b.findElement(By.id("new-kind")))).selectByValue("json");
        try {
            wait.until(b -> b.findElement(By.id("exporter-settings")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no form; the console said " + consoleErrors(), e);
        }
        browser.findElement(By.id("field-name")).sendKeys("console-json");
        WebElement files = browser.findElement(By.id("field-settings-max_open_files"));
        files.clear();
        files.sendKeys("0");
        WebElement error = browser.findElement(By.id("error--settings-max_open_files"));
        wait.until(b -> error.getText().contains("outside 1..4096"));
        shot("exporter-form-invalid");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    @Order(7)
    void anExporterAddedThroughItsFormWritesEvents() throws Exception {
        WebElement files = browser.findElement(By.id("field-settings-max_open_files"));
        files.clear();
        files.sendKeys("64");
        WebElement path = browser.findElement(By.id("field-settings-path"));
        path.clear();
        path.sendKeys("console.jsonl");
        browser.findElement(By.id("field-events")).sendKeys("event-motion:1, event-area-enter:2");
        WebElement error = browser.findElement(By.id("error--settings-max_open_files"));
        wait.until(b -> error.getText().isEmpty());
        browser.findElement(By.id("save-exporter")).click();
        wait.until(b -> !b.findElements(By.cssSelector("#exporter-rows tr[data-exporter=console-json]"))
                .isEmpty());
        Path file = dir.resolve("console.jsonl");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> {
            try {
                return Files.exists(file) && Files.readString(file).contains("\"$id\":\"event-motion\"");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        wait.until(b -> !b.findElement(By.cssSelector("#exporter-rows tr[data-exporter=console-json] .delivered"))
                .getText()
                .equals("0"));
        shot("exporters-added");
        By row = By.cssSelector("#exporter-rows tr[data-exporter=console-json]");
        browser.findElement(row)
                .findElement(By.xpath(".//button[text()='Disable']"))
                .click();
        wait.until(b -> b.findElement(row)
                .findElement(By.cssSelector(".state-cell"))
                .getText()
                .equals("disabled"));
        WebElement remove = browser.findElement(row).findElement(By.xpath(".//button[text()='Remove']"));
        remove.click();
        wait.until(b -> remove.getText().equals("Really remove?"));
        remove.click();
        wait.until(b -> b.findElements(row).isEmpty());
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    @Order(8)
    void everyPageFitsAPhone() throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        for (String page : List.of("#/", "#/channel/lobby", "#/events", "#/exporters")) {
            browser.get(base + page);
            wait.until(b -> b.findElement(By.tagName("h1")));
            Thread.sleep(500);
            long overflow = (Long) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertTrue(overflow <= 1, page + " is wider than a phone by " + overflow + " px");
        }
        shot("phone-exporters");
        browser.get(base + "#/channel/lobby");
        WebElement video = wait.until(b -> b.findElement(By.id("live-video")));
        wait.until(b -> "playing".equals(video.getAttribute("data-state")));
        shot("phone-channel");
        assertEquals(List.of(), consoleErrors());
    }

    /**
     * Issue 25 point 6: the channel's clips set through the API, then on its page the day's recorded
     * span clicked plays in the page ({@code currentTime} advances), and an event clip plays too.
     */
    @Test
    @Order(9)
    void theTimelinePlaysARecordingFromAClickAndAnEventClip() throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        var http = java.net.http.HttpClient.newHttpClient();
        String lobby = "{\"url\":\"sample\",\"recordings\":{\"retain\":{\"continuous\":\"1h\"}},"
                + "\"clips\":{\"event_types\":[\"event-motion\"],\"pre\":\"1s\",\"post\":\"1s\"}}";
        var put = EvexProcess.call(http, base, ADMIN, "PUT", "/api/v1/config/channels/lobby", lobby);
        assertEquals(200, put.statusCode(), put.body());
        io.evex.runtime.testing.Waits.until(
                "a clip and 6 s recorded", Duration.ofSeconds(60), () -> recordedAndClipped(http, 6_000));
        browser.get(base + "#/channel/lobby");
        new Select(wait.until(b -> b.findElement(By.id("timeline-range")))).selectByValue("10m");
        WebElement video = browser.findElement(By.id("playback"));
        // The bar is drawn anew on every load (the range chosen, a refresh): find and click in one go.
        wait.until(b -> {
            WebElement span = b.findElement(By.cssSelector("#timeline-bar[data-range='10m'] rect.span"));
            new Actions(browser).moveToElement(span).click().perform();
            return true;
        });
        wait.until(b -> ((Number) browser.executeScript("return arguments[0].currentTime", video)).doubleValue() > 0.5);
        shot("timeline-playing");
        // The clips are listed anew every 15 s: look them up fresh each time.
        wait.until(b -> session.number(
                        "const i = document.querySelector('#clips figure[data-clip] img'); return i ? i.naturalWidth : 0",
                        null)
                > 0);
        wait.until(b -> {
            b.findElement(By.xpath("//*[@id='clips']//figure[@data-clip]//button[text()='Play']"))
                    .click();
            return true;
        });
        wait.until(b -> browser.findElement(By.id("playback-status")).getText().startsWith("Playing"));
        wait.until(b -> ((Number) browser.executeScript("return arguments[0].currentTime", video)).doubleValue() > 0.2);
        assertEquals(List.of(), consoleErrors());
    }

    /**
     * Issue 26 point 3: the event browser lists the stored history (the store runs by default) with
     * the pictures best crops carried, filters by type, counts per hour as SVG bars, and an event's
     * link plays the recording of its moment.
     */
    @Test
    @Order(10)
    void theEventBrowserFiltersShowsPicturesCountsAndLinksToTheRecording() throws Exception {
        browser.get(base + "#/events");
        wait.until(b ->
                !b.findElements(By.cssSelector("#history-list article.event")).isEmpty());
        new Select(browser.findElement(By.id("history-type"))).selectByValue("best-crop");
        browser.findElement(By.id("history-search")).click();
        wait.until(b -> b.findElements(By.cssSelector("#history-list article.event")).stream()
                .allMatch(e -> "best-crop".equals(e.getAttribute("data-type"))));
        WebElement picture = wait.until(b -> b.findElement(By.cssSelector("#history-list article.event img")));
        wait.until(b -> session.number("return arguments[0].naturalWidth", picture) > 0);
        wait.until(b -> b.findElements(By.cssSelector("#history-chart rect.bar")).stream()
                .anyMatch(r -> Integer.parseInt(r.getAttribute("data-count")) > 0));
        assertEquals(
                24,
                browser.findElements(By.cssSelector("#history-chart rect.bar")).size(),
                "an hour a bar");
        shot("events");
        browser.findElement(By.cssSelector("#history-list article.event a.play"))
                .click();
        wait.until(b -> b.findElement(By.id("playback-status")).getText().startsWith("Playing"));
        assertEquals(List.of(), consoleErrors());
    }

    /** Whether the sample has a clip and {@code millis} recorded, as the API says. */
    private static boolean recordedAndClipped(java.net.http.HttpClient http, long millis) {
        try {
            String clips = EvexProcess.call(http, base, ADMIN, "GET", "/api/v1/channels/lobby/clips", null)
                    .body();
            String spans = EvexProcess.call(http, base, ADMIN, "GET", "/api/v1/channels/lobby/recordings", null)
                    .body();
            var m = java.util.regex.Pattern.compile("\"from\":(\\d+),\"to\":(\\d+)")
                    .matcher(spans);
            long recorded = 0;
            while (m.find()) {
                recorded += Long.parseLong(m.group(2)) - Long.parseLong(m.group(1));
            }
            return clips.contains("clip_id") && recorded >= millis;
        } catch (IOException e) {
            return false; // asked again at the next sample
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
