package io.evex.runtime.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * What a channel URL means to FFmpeg: a file, a network camera, an FFmpeg test source
 * ({@code lavfi:testsrc2=size=1280x720:rate=25}) or the bundled sample ({@code sample}).
 *
 * @param url the URL as configured
 * @param target what FFmpeg opens
 * @param format the input format to force ({@code lavfi}), or null to let FFmpeg probe
 * @param kind file, live camera or generated
 */
public record SourceUrl(String url, String target, String format, Kind kind) {

    /** How a source behaves over time. */
    public enum Kind {
        /** A file: has an end, can loop, read at its own pace unless paced. */
        FILE,
        /** A camera or stream: endless, paced by the sender, may drop and come back. */
        LIVE,
        /** An FFmpeg test source: endless, generated as fast as it is read. */
        GENERATED
    }

    /** The URL of the bundled sample video. */
    public static final String SAMPLE = "sample";

    private static final String SAMPLE_RESOURCE = "/io/evex/runtime/video/lobby.mp4";

    public static SourceUrl parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.equals(SAMPLE) || lower.equals("sample:lobby")) {
            return new SourceUrl(url, sampleFile().toString(), null, Kind.FILE);
        }
        if (lower.startsWith("lavfi:")) {
            return new SourceUrl(url, url.substring("lavfi:".length()), "lavfi", Kind.GENERATED);
        }
        if (lower.startsWith("file:")) {
            return new SourceUrl(url, Path.of(java.net.URI.create(url)).toString(), null, Kind.FILE);
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            return new SourceUrl(url, url, null, Kind.LIVE);
        }
        return new SourceUrl(url, url, null, Kind.FILE);
    }

    /** Whether {@code url} names a file on disk (not the sample, a test source or a network URL); touches nothing. */
    public static boolean isFilePath(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return !lower.equals(SAMPLE) && !lower.matches("^[a-z][a-z0-9+.-]*:.*");
    }

    /** Whether this is an RTSP camera (TCP transport and socket time-outs apply). */
    public boolean isRtsp() {
        return target.regionMatches(true, 0, "rtsp", 0, 4);
    }

    /** The bundled sample, copied once to a temporary file that FFmpeg can open and seek. */
    public static synchronized Path sampleFile() {
        Path file = Path.of(
                System.getProperty("java.io.tmpdir"),
                "evex-sample-lobby-" + ProcessHandle.current().pid() + ".mp4");
        if (Files.isRegularFile(file)) {
            return file;
        }
        try (InputStream in = SourceUrl.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the bundled sample video " + SAMPLE_RESOURCE + " is missing from the build");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the sample video to " + file, e);
        }
    }
}
