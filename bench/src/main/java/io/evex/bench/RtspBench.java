package io.evex.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11's benchmark: Evex's RTSP server next to GStreamer's ({@code GstRtspServer}, what
 * CVEDIA-RT serves with), on the same live input ({@link StampedVideo}: frames that carry their
 * making time, read back by a decoding client: glass-to-glass latency). Then 1, 8 and 32 clients (the others copy without decoding) and the server
 * process's CPU over a fixed stretch give the CPU per extra client.
 */
final class RtspBench {

    private static final int W = StampedVideo.W;
    private static final int H = StampedVideo.H;
    private static final int FPS = StampedVideo.FPS;
    private static final int[] CLIENTS = {1, 8, 32};
    private static final int MEASURE_SECONDS = 12;

    private final Path dir;
    private final Path root;

    RtspBench(Path dir) {
        this.dir = dir;
        this.root =
                Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
    }

    private record Step(int clients, double cpuPercent, double latencyMedianMs, double latencyP90Ms) {}

    void all() throws Exception {
        System.out.printf(
                "RTSP benchmark: %dx%d at %d fps, 1 s GOP, x264 zerolatency at 2 Mbit/s; %d s per step, %d cores%n%n",
                W, H, FPS, MEASURE_SECONDS, Runtime.getRuntime().availableProcessors());
        // -Drtsp.only=gst (or evex) runs one server alone, to look at it
        String only = System.getProperty("rtsp.only", "");
        List<Step> evex = only.equals("gst") ? List.of(new Step(1, 0, 0, 0)) : run("Evex", this::startEvex);
        if (only.equals("evex")) {
            return;
        }
        List<Step> gst = run("GstRtspServer", this::startGstreamer);
        System.out.println();
        System.out.printf(
                "%-14s %8s %8s %10s %12s %12s%n",
                "server", "clients", "CPU %", "CPU/client", "latency p50", "latency p90");
        print("Evex", evex);
        print("GstRtspServer", gst);
        double evexPer = perClient(evex);
        double gstPer = perClient(gst);
        System.out.printf(
                "%nCPU per extra client (1 -> 32): Evex %.3f %%, GstRtspServer %.3f %% of a core; ratio %.2f%n",
                evexPer, gstPer, gstPer > 0 ? evexPer / gstPer : Double.NaN);
        System.out.printf(
                "latency with 1 client: Evex %.0f ms, GstRtspServer %.0f ms (median); ratio %.2f%n",
                evex.get(0).latencyMedianMs,
                gst.get(0).latencyMedianMs,
                evex.get(0).latencyMedianMs / gst.get(0).latencyMedianMs);
    }

    private static void print(String name, List<Step> steps) {
        double base = steps.get(0).cpuPercent;
        for (Step s : steps) {
            double per = s.clients > 1 ? (s.cpuPercent - base) / (s.clients - 1) : Double.NaN;
            System.out.printf(
                    "%-14s %8d %8.1f %10s %9.0f ms %9.0f ms%n",
                    name,
                    s.clients,
                    s.cpuPercent,
                    Double.isNaN(per) ? "-" : String.format("%.3f", per),
                    s.latencyMedianMs,
                    s.latencyP90Ms);
        }
    }

    private static double perClient(List<Step> steps) {
        Step first = steps.get(0);
        Step last = steps.get(steps.size() - 1);
        return (last.cpuPercent - first.cpuPercent) / (last.clients - first.clients);
    }

    /** Starts a server reading MPEG-TS over UDP from {@code sourcePort} and serving it at {@code /bench}. */
    private interface Server {
        Process start(int sourcePort, int rtspPort) throws IOException;
    }

    private List<Step> run(String name, Server server) throws Exception {
        int sourcePort = freePort();
        int rtspPort = freePort();
        StampedVideo.Generator generator = new StampedVideo.Generator(sourcePort);
        Process serverProcess = server.start(sourcePort, rtspPort);
        String url = "rtsp://127.0.0.1:" + rtspPort + "/bench";
        List<Process> copies = new ArrayList<>();
        StampedVideo.LatencyClient latency = null;
        try {
            if (name.equals("Evex")) {
                awaitStream(url, serverProcess); // its stream exists once the camera is read
            } else {
                // GStreamer's shared media, once a client has come and gone, came back sending only
                // key frames here: let the measuring client be its first.
                awaitPort(rtspPort, serverProcess);
            }
            latency = new StampedVideo.LatencyClient(url, dir.resolve("rtsp-bench-viewer-" + name + ".log"));
            Thread.sleep(4_000);
            List<Step> steps = new ArrayList<>();
            for (int n : CLIENTS) {
                while (copies.size() < n - 1) {
                    copies.add(copyClient(url));
                }
                Thread.sleep(3_000);
                latency.samples.clear();
                long ticks = ThreadCpu.processTicks(serverProcess.pid());
                long t0 = System.nanoTime();
                Thread.sleep(MEASURE_SECONDS * 1000L);
                double cpu = (ThreadCpu.processTicks(serverProcess.pid()) - ticks)
                        / 100.0
                        / ((System.nanoTime() - t0) / 1e9)
                        * 100;
                double[] lat = latency.samples.stream()
                        .mapToDouble(Long::doubleValue)
                        .sorted()
                        .toArray();
                long alive = copies.stream().filter(Process::isAlive).count();
                if (alive < copies.size() || lat.length < MEASURE_SECONDS * FPS / 2) {
                    throw new IllegalStateException(name + ": with " + n + " clients only " + alive
                            + " copy clients alive and " + lat.length + " frames decoded");
                }
                steps.add(new Step(n, cpu, lat[lat.length / 2], lat[(int) (lat.length * 0.9)]));
                System.out.printf(
                        "%s: %d clients, server CPU %.1f %%, latency p50 %.0f ms%n", name, n, cpu, lat[lat.length / 2]);
            }
            return steps;
        } finally {
            copies.forEach(Process::destroy);
            if (latency != null) {
                latency.close();
            }
            serverProcess.destroy();
            if (!serverProcess.waitFor(10, TimeUnit.SECONDS)) {
                serverProcess.destroyForcibly();
            }
            generator.close();
        }
    }

    private Process startEvex(int sourcePort, int rtspPort) throws IOException {
        Path config = dir.resolve("rtsp-bench.yaml").toAbsolutePath();
        Files.writeString(
                config,
                "channels:\n  - name: bench\n    url: udp://127.0.0.1:" + sourcePort
                        + "\n    motion: {enabled: false}\nhttp: {enabled: false}\nexporters:\n  - type: rtsp\n"
                        + "    settings: {bind: 127.0.0.1, users: none, port: " + rtspPort + "}\n");
        ProcessBuilder evex = new ProcessBuilder(
                root.resolve("evex").toString(), "run", "--config", config.toString(), "--progress", "0");
        evex.environment().put("EVEX_NO_BUILD", "1"); // bench/run has just built it
        evex.directory(dir.toFile()); // its .evex/ status folder goes there too
        return evex.redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve("rtsp-bench-evex.log").toAbsolutePath().toFile())
                .start();
    }

    /** GStreamer's RTSP server with the usual live MPEG-TS pipeline (without the queue after tsdemux nothing flows). */
    private Process startGstreamer(int sourcePort, int rtspPort) throws IOException {
        Path script = dir.resolve("gst_rtsp_server.py");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "import sys, gi",
                        "gi.require_version('Gst', '1.0')",
                        "gi.require_version('GstRtspServer', '1.0')",
                        "from gi.repository import Gst, GstRtspServer, GLib",
                        "Gst.init(None)",
                        "server = GstRtspServer.RTSPServer()",
                        "server.set_address('127.0.0.1')",
                        "server.set_service(sys.argv[2])",
                        "factory = GstRtspServer.RTSPMediaFactory()",
                        "factory.set_launch('( udpsrc port=' + sys.argv[1] + ' buffer-size=4194304 caps=video/mpegts,systemstream=true"
                                + " ! tsdemux ! queue ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )')",
                        "factory.set_shared(True)",
                        "server.get_mount_points().add_factory('/bench', factory)",
                        "server.attach(None)",
                        "GLib.MainLoop().run()",
                        ""));
        return new ProcessBuilder(
                        "/usr/bin/python3", script.toString(), String.valueOf(sourcePort), String.valueOf(rtspPort))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rtsp-bench-gst.log").toFile())
                .start();
    }

    private static void awaitStream(String url, Process server) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000; // the first ./evex run may build
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server ended with " + server.exitValue());
            }
            Process probe = new ProcessBuilder("ffprobe", "-v", "quiet", "-rtsp_transport", "tcp", url)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return;
            }
            probe.destroyForcibly();
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " did not come up");
    }

    private static void awaitPort(int port, Process server) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the server ended: is GstRtspServer installed? "
                            + "apt-get install python3-gi gir1.2-gst-rtsp-server-1.0");
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port);
    }

    private static Process copyClient(String url) throws IOException {
        return new ProcessBuilder(
                        "ffmpeg",
                        "-nostdin",
                        "-v",
                        "quiet",
                        "-rtsp_transport",
                        "tcp",
                        "-i",
                        url,
                        "-c",
                        "copy",
                        "-f",
                        "null",
                        "-")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
