package io.evex.runtime.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes test clips with the ffmpeg CLI (Debian's; .ci/run installs it). */
public final class TestVideos {

    private TestVideos() {
    }

    /** Runs {@code ffmpeg -v error -y <args>} and fails the test with its output if it fails. */
    public static void ffmpeg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        run(command);
    }

    /** Runs a command and returns its standard output; fails the test when it exits non-zero. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            fail(command.get(0) + " is needed by this test and is not installed: apt-get install ffmpeg (" + e.getMessage() + ")");
            throw e;
        }
        p.getOutputStream().close();
        byte[] err = new byte[0];
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the exit code tells
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        drain.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        drain.join();
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + out + new String(err, StandardCharsets.UTF_8));
        return out;
    }

    /** A still scene with sensor-like noise and nothing moving: {@code seconds} at 640x360, 25 fps, H.264. */
    public static Path staticClip(Path dir, int seconds) throws IOException, InterruptedException {
        Path file = dir.resolve("static.mp4");
        ffmpeg("-f", "lavfi", "-i", "color=c=0x3a4a5a:s=640x360:r=25:d=" + seconds
                        + ",drawgrid=w=80:h=60:t=2:c=0x6a7a8a,noise=alls=6:allf=t,format=yuv420p",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "25", file.toString());
        return file;
    }
}
