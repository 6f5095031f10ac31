package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.testing.Waits;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the RTSP tests share: the server's port from the status, waiting, running the real clients. */
final class RtspTesting {

    private RtspTesting() {}

    static int port(MediaPipeline p) {
        return ((Number) p.stats("rtsp").details().get("port")).intValue();
    }

    /** 4 s of a moving test picture, 640x360 at 25 fps, key frames every second, encoded as {@code codec} asks. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Waits.until(what, Duration.ofSeconds(30), condition);
    }

    static String run(int timeoutSeconds, String... command) throws Exception {
        Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, proc.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    static String runFailing(String... command) throws Exception {
        Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(30, TimeUnit.SECONDS));
        assertTrue(proc.exitValue() != 0, String.join(" ", command) + " should fail: " + out);
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
