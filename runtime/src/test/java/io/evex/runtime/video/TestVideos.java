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

    private TestVideos() {}

    /** Runs {@code ffmpeg -v error -y <args>} and fails the test with its output if it fails. */
    public static void ffmpeg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        run(command);
    }

    /**
     * ffprobe's answer for the first video stream of {@code file}, frames counted: the values of
     * {@code entries} (its {@code -show_entries}, e.g. {@code stream=codec_name:format=duration}), in order.
     */
    public static String[] probe(Path file, String entries) throws IOException, InterruptedException {
        return run(List.of(
                        "ffprobe",
                        "-v",
                        "error",
                        "-count_frames",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        entries,
                        "-of",
                        "csv=p=0",
                        file.toString()))
                .trim()
                .split("[,\n]");
    }

    /** Runs a command and returns its standard output; fails the test when it exits non-zero or runs over 120 s. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        java.nio.file.Path out = java.nio.file.Files.createTempFile("evex-test-out", ".txt");
        java.nio.file.Path err = java.nio.file.Files.createTempFile("evex-test-err", ".txt");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                fail(command.get(0) + " is needed by this test and is not installed: apt-get install ffmpeg ("
                        + e.getMessage() + ")");
                throw e;
            }
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 120 s");
            }
            String stdout = java.nio.file.Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(
                    0,
                    p.exitValue(),
                    String.join(" ", command) + " failed: " + stdout
                            + java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
            return stdout;
        } finally {
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
        }
    }

    /** A still scene with sensor-like noise and nothing moving: {@code seconds} at 640x360, 25 fps, H.264. */
    public static Path staticClip(Path dir, int seconds) throws IOException, InterruptedException {
        Path file = dir.resolve("static.mp4");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "color=c=0x3a4a5a:s=640x360:r=25:d=" + seconds
                        + ",drawgrid=w=80:h=60:t=2:c=0x6a7a8a,noise=alls=6:allf=t,format=yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-g",
                "25",
                file.toString());
        return file;
    }
}
