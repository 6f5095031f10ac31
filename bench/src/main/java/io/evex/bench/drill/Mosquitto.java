package io.evex.bench.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A mosquitto of the drill's own on a fixed port. It keeps its persistent sessions and their QoS 1
 * messages across restarts ({@code persistence true}, saved at every stop), so a subscriber that
 * outlives a restart misses nothing the broker acknowledged.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path dir;
    private final int port = Ports.free();
    private Process process;
    private int restarts;

    public Mosquitto(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("mosquitto.conf"),
                // user: started as root, mosquitto would switch to its own user and could not save its sessions here
                "user " + System.getProperty("user.name") + "\nlistener " + port
                        + " 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location "
                        + dir.toAbsolutePath() + "/\nautosave_interval 1\nmax_inflight_messages 1000\n"
                        + "max_queued_messages 0\nmax_queued_bytes 0\n");
    }

    public int port() {
        return port;
    }

    /** Starts it (again: counted as a restart). */
    public Mosquitto start() throws IOException, InterruptedException {
        if (process != null) {
            restarts++;
        }
        process = new ProcessBuilder(
                        "/usr/sbin/mosquitto",
                        "-c",
                        dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("mosquitto.log").toFile()))
                .start();
        Ports.awaitOpen(port, Duration.ofSeconds(10), "mosquitto (apt-get install mosquitto)");
        return this;
    }

    /** Stops it (SIGTERM: it saves its sessions), and starts it again after {@code down}. */
    public void restart(Duration down) throws IOException, InterruptedException {
        stop();
        Thread.sleep(down.toMillis());
        start();
    }

    public int restarts() {
        return restarts;
    }

    /** SIGTERM: it saves its sessions and their messages. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
