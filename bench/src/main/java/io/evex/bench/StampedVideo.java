package io.evex.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Glass-to-glass latency by reading the clock off the picture: a generator draws 640x360 frames
 * at 25 fps with the wall-clock time of their making as 32 black/white blocks and has ffmpeg encode
 * them (x264, 1 s GOP, no B-frames, 2 Mbit/s) to MPEG-TS over UDP, a camera stand-in; a decoding
 * ffmpeg client reads the blocks back as frames arrive.
 */
final class StampedVideo {

    static final int W = 640;
    static final int H = 360;
    static final int FPS = 25;
    private static final int BLOCK = W / 32;
    /** The stamps count milliseconds from here (32 bits: 49 days). */
    static final long EPOCH = System.currentTimeMillis();

    private StampedVideo() {}

    /** Draws stamped frames in real time into an ffmpeg encoder that sends MPEG-TS over UDP (a live camera stand-in). */
    static final class Generator implements AutoCloseable {
        private final Process encoder;
        private final Thread thread;
        private volatile boolean running = true;

        Generator(int port) throws IOException {
            encoder = new ProcessBuilder(
                            "ffmpeg",
                            "-v",
                            "error",
                            "-f",
                            "rawvideo",
                            "-pix_fmt",
                            "gray",
                            "-s",
                            W + "x" + H,
                            "-r",
                            String.valueOf(FPS),
                            "-i",
                            "-",
                            "-vf",
                            "format=yuv420p",
                            "-c:v",
                            "libx264",
                            "-preset",
                            "ultrafast",
                            "-tune",
                            "zerolatency",
                            "-threads", // one slice per frame (zerolatency's sliced threads broke
                            "1", // GStreamer's server here: it decoded to grey smears)
                            "-g",
                            String.valueOf(FPS),
                            "-bf",
                            "0",
                            "-b:v",
                            "2M",
                            "-maxrate",
                            "2M",
                            "-bufsize",
                            "500k",
                            "-f",
                            "mpegts",
                            "udp://127.0.0.1:" + port + "?pkt_size=1316")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            thread = new Thread(this::run, "rtsp-bench-generator");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            byte[] frame = new byte[W * H];
            byte[] noise = new byte[(H - H / 2) * W];
            java.util.Random random = new java.util.Random(1);
            long period = 1_000_000_000L / FPS;
            long next = System.nanoTime();
            try (OutputStream out = encoder.getOutputStream()) {
                for (long n = 0; running; n++) {
                    for (int y = BLOCK * 2; y < H / 2; y++) {
                        Arrays.fill(frame, y * W, (y + 1) * W, (byte) (64 + ((y + n) & 127))); // a moving ramp
                    }
                    random.nextBytes(noise); // sensor-like noise keeps the encoder at its bitrate
                    System.arraycopy(noise, 0, frame, (H / 2) * W, noise.length);
                    stamp(frame, System.currentTimeMillis() - EPOCH);
                    out.write(frame);
                    out.flush();
                    next += period;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            } catch (IOException e) {
                // the encoder ended
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            encoder.destroy();
            encoder.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Writes 32 bits as blocks on the top row: white = 1. */
    static void stamp(byte[] frame, long value) {
        for (int bit = 0; bit < 32; bit++) {
            byte v = (byte) (((value >>> (31 - bit)) & 1) == 1 ? 235 : 16);
            for (int y = 0; y < BLOCK; y++) {
                Arrays.fill(frame, y * W + bit * BLOCK, y * W + (bit + 1) * BLOCK, v);
            }
        }
    }

    static long read(byte[] frame) {
        long value = 0;
        for (int bit = 0; bit < 32; bit++) {
            int centre = (BLOCK / 2) * W + bit * BLOCK + BLOCK / 2;
            value = (value << 1) | ((frame[centre] & 0xff) > 128 ? 1 : 0);
        }
        return value;
    }

    /** Decodes the stream as a viewer would, reading each frame's stamp on arrival. */
    static final class LatencyClient implements AutoCloseable {
        final ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();
        private final String url;
        private final Path log;
        private volatile Process ffmpeg;
        private volatile boolean closed;

        LatencyClient(String url, Path log) {
            this.url = url;
            this.log = log;
            Thread t = new Thread(this::run, "rtsp-bench-viewer");
            t.setDaemon(true);
            t.start();
        }

        /** Reads until closed; a refused start (GStreamer still tearing down the probe's media) is retried. */
        private void run() {
            byte[] frame = new byte[W * H];
            while (!closed) {
                try {
                    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "warning"));
                    if (url.startsWith("rtsp:")) {
                        command.addAll(List.of("-rtsp_transport", "tcp"));
                    }
                    command.addAll(List.of(
                            "-i",
                            url,
                            "-fps_mode",
                            "passthrough", // every decoded frame, whatever its time stamp
                            // GStreamer's server repeats RTP time stamps of this MPEG-TS input
                            // and ffmpeg drops frames whose stamps do not grow: number the
                            // frames instead, for both servers alike.
                            "-vf",
                            "setpts=N/25/TB",
                            "-f",
                            "rawvideo",
                            "-pix_fmt",
                            "gray",
                            "-"));
                    ffmpeg = new ProcessBuilder(command)
                            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
                    DataInputStream data = new DataInputStream(ffmpeg.getInputStream());
                    while (true) {
                        data.readFully(frame);
                        long latency = System.currentTimeMillis() - EPOCH - read(frame);
                        if (latency >= 0 && latency < 60_000) {
                            samples.add(latency);
                        } else if (Boolean.getBoolean("rtsp.debug")) {
                            System.out.println("unreadable stamp: latency " + latency);
                        }
                    }
                } catch (IOException e) {
                    // the client ended: start it again unless closing
                }
                LockSupport.parkNanos(300_000_000L);
            }
        }

        @Override
        public void close() {
            closed = true;
            Process p = ffmpeg;
            if (p != null) {
                p.destroy();
            }
        }
    }
}
