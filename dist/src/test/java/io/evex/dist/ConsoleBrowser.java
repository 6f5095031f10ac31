package io.evex.dist;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's Chromium, headless, driven by Selenium through Debian's chromedriver; screenshots in {@code target/}. */
final class ConsoleBrowser {

    private static final Path SHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    final WebDriverWait wait;

    ConsoleBrowser(Path dir) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // as root
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30)) {
            @Override
            protected RuntimeException timeoutException(String message, Throwable lastException) {
                // Says what the page showed and what the browser logged, not only that time ran out.
                String body = String.valueOf(driver.executeScript("return document.body.innerText"));
                return new org.openqa.selenium.TimeoutException(
                        message + "\npage: " + body.substring(0, Math.min(body.length(), 600)) + "\nconsole: "
                                + consoleErrors(),
                        lastException);
            }
        };
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // rows are refreshed live
        Files.createDirectories(SHOTS);
    }

    void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Console messages at level SEVERE since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** The value of {@code script} ({@code return ...}) for {@code element}, as a number. */
    double number(String script, Object element) {
        return ((Number) driver.executeScript(script, element)).doubleValue();
    }

    /**
     * Waits until {@code span} has passed on the page's own clock ({@code performance.now()}), for
     * measurements over a stretch of playback.
     */
    void pass(Duration span) throws InterruptedException {
        double start = number("return performance.now()", null);
        io.evex.runtime.testing.Waits.until(
                span + " on the page's clock",
                span.plusSeconds(30),
                () -> number("return performance.now()", null) - start >= span.toMillis());
    }

    void quit() {
        driver.quit();
    }

    /** Clicks the points (x, y) of an element (a picture), in its own 0..1 coordinates, in one gesture. */
    void click(org.openqa.selenium.WebElement element, double[][] points) {
        org.openqa.selenium.Rectangle r = element.getRect();
        org.openqa.selenium.interactions.Actions mouse = new org.openqa.selenium.interactions.Actions(driver);
        for (double[] p : points) {
            mouse.moveToElement(element, (int) Math.round((p[0] - 0.5) * r.getWidth()), (int)
                            Math.round((p[1] - 0.5) * r.getHeight()))
                    .click();
        }
        mouse.perform();
    }
}
