package io.evex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto's C subscriber, ready before a run starts: a run ends when it has every event
 * (delivered, not only handed to a client), and a C reader keeps up with any publisher. It writes a
 * dot and a new line per message, so a short run can say how many came.
 */
final class CountingSubscriber {

    private final Process process;
    private final Path out;

    private CountingSubscriber(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    static CountingSubscriber start(int port, int qos, long count, Path dir) throws Exception {
        Path out = dir.resolve("mqtt-bench-subscribed.txt");
        Process p = new ProcessBuilder(List.of(
                        "mosquitto_sub",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-t",
                        "evex/#",
                        "-q",
                        Integer.toString(qos),
                        "-C",
                        Long.toString(count),
                        "-F",
                        "."))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        Thread.sleep(300); // subscribed
        return new CountingSubscriber(p, out);
    }

    /** When it had every event, waiting up to {@code seconds}; else {@link Lost} with how many came. */
    long delivered(int seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            throw new Lost(Files.size(out) / 2);
        }
        return System.nanoTime();
    }

    /** A run whose events did not all reach the subscriber. */
    static final class Lost extends Exception {
        final long delivered;

        Lost(long delivered) {
            super(delivered + " delivered", null, false, false);
            this.delivered = delivered;
        }
    }
}
