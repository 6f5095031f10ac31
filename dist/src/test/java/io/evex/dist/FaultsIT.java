package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evex.runtime.testing.Waits;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a real {@code ./evex run} (issue 27 point 5; the recordings' full disk is
 * {@link RecordingDiskFullIT}): the spool's disk full, a camera sending garbage, the wall clock set
 * back an hour. Each is counted and said once, the rest runs, and the stop keeps its deadline.
 */
class FaultsIT {

    private static final String ADMIN = "faults-test-admin-0123456789";
    private static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

    @TempDir
    Path dir;

    /** Every process a test started, ended after it whatever happened (a failed wait must not leave one running). */
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endWhatWasStarted() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aFullDiskUnderADurableQueueDropsCountsAndSaysSoOnce() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        assumeTrue(
                EvexStatus.run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", small.toString()) == 0,
                "this machine does not let the test mount a tmpfs");
        try {
            // the broker is away (a closed port), so every event stays in the MQTT exporter's durable queue
            Files.writeString(dir.resolve("evex.yaml"), """
                    http: {port: 0, admin_token: "${env:EVEX_ADMIN_TOKEN}"}
                    source: {type: synthetic, channels: [lobby], events_per_second: 200}
                    exporters:
                      - {type: mqtt, settings: {servers: "127.0.0.1:1"}, queue: {durable: true, spool_dir: small/mqtt}}
                      - {type: json, settings: {path: events.jsonl}}
                    """);
            Process evex = start("run", "--config", "evex.yaml", "--http-port", "0"); // no channel: ask for the API
            EvexStatus base = new EvexStatus(EvexProcess.httpBase(dir, evex), ADMIN);
            Waits.until(
                    "the disk to refuse the spool's writes",
                    Duration.ofSeconds(30),
                    () -> base.details("mqtt").path("spool_refused").asLong() > 0);
            long dropped = base.exporter("mqtt").path("dropped").asLong();
            long delivered = base.exporter("json").path("delivered").asLong();
            Waits.until(
                    "events counted as dropped while the rest runs",
                    Duration.ofSeconds(20),
                    () -> base.exporter("mqtt").path("dropped").asLong() > dropped + 100
                            && base.exporter("json").path("delivered").asLong() > delivered + 100);
            assertEquals(0, base.exporter("json").path("dropped").asLong());
            stopWithinItsDeadline(evex);
        } finally {
            EvexStatus.run("umount", "-l", small.toString());
        }
        String log = log();
        assertEquals(1, log.split("the disk refused the write", -1).length - 1, "said once:\n" + log);
        assertTrue(!log.contains("\tat "), "no stack trace:\n" + log);
    }

    @Test
    void aCameraSendingGarbageIsRetriedAndTheOtherChannelsRun() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.writeString(dir.resolve("evex.yaml"), """
                http: {port: 0, admin_token: "${env:EVEX_ADMIN_TOKEN}"}
                channels:
                  - {name: lobby, url: sample}
                  - {name: broken, url: "udp://127.0.0.1:%d", reconnect: {initial: 500ms, max: 2s}}
                exporters:
                  - {type: json, settings: {path: events.jsonl}}
                """.formatted(port));
        Process evex = start("run", "--config", "evex.yaml");
        EvexStatus base = new EvexStatus(EvexProcess.httpBase(dir, evex), ADMIN);
        ScheduledExecutorService garbage = sendGarbage(port);
        try {
            Waits.until(
                    "the broken camera to be retried",
                    Duration.ofSeconds(60),
                    () -> base.channel("broken").path("reconnects").asLong() >= 2);
            long frames = base.channel("lobby").path("frames").asLong();
            Waits.until(
                    "the good camera to go on",
                    Duration.ofSeconds(20),
                    () -> base.channel("lobby").path("frames").asLong() > frames + 25);
            assertEquals(
                    0,
                    base.channel("broken").path("frames").asLong(),
                    base.channel("broken").toString());
        } finally {
            garbage.shutdownNow();
        }
        stopWithinItsDeadline(evex);
        String log = log();
        assertTrue(!log.contains("\tat "), "no stack trace:\n" + log);
        long lines = log.lines().filter(l -> l.contains("broken")).count();
        assertTrue(lines < 15, "the failing camera is said once, then summarised, not per attempt:\n" + log);
    }

    @Test
    void aWallClockSetBackAnHourIsSaidOnceAndNothingStops() throws Exception {
        assumeTrue(Files.exists(FAKETIME), "apt-get install faketime (libfaketime) to run this test");
        Path offset = dir.resolve("clock-offset");
        Files.writeString(offset, "+0\n");
        Files.writeString(dir.resolve("evex.yaml"), """
                http: {port: 0, admin_token: "${env:EVEX_ADMIN_TOKEN}"}
                channels:
                  - {name: lobby, url: sample}
                exporters:
                  - {type: json, settings: {path: events.jsonl}}
                  - type: mp4
                    settings: {path: "rec/{sys.time %Y%m%d-%H%M%S}.mp4", segment: 1s, sweep_interval: 200ms}
                """);
        Process evex = started(EvexProcess.start(
                dir,
                Map.of(
                        "EVEX_ADMIN_TOKEN",
                        ADMIN,
                        "LD_PRELOAD",
                        FAKETIME.toString(),
                        "FAKETIME_TIMESTAMP_FILE",
                        offset.toString(),
                        "FAKETIME_CACHE_DURATION",
                        "1",
                        "FAKETIME_DONT_FAKE_MONOTONIC",
                        "1"),
                "run",
                "--config",
                "evex.yaml"));
        EvexStatus base = new EvexStatus(EvexProcess.httpBase(dir, evex), ADMIN);
        Waits.until(
                "a first segment",
                Duration.ofSeconds(30),
                () -> base.details("mp4").path("files").asLong() >= 1);
        Files.writeString(offset, "-1h\n"); // the process's wall clock goes back an hour; its monotonic clock does not
        Waits.until(
                "the jump to be seen",
                Duration.ofSeconds(20),
                () -> base.all().path("clock").path("jumps").asLong() == 1);
        long files = base.details("mp4").path("files").asLong();
        long delivered = base.exporter("json").path("delivered").asLong();
        Waits.until(
                "recording and events to go on",
                Duration.ofSeconds(30),
                () -> base.details("mp4").path("files").asLong() > files + 1
                        && base.exporter("json").path("delivered").asLong() > delivered);
        assertTrue(
                base.all().path("clock").path("last_jump_ms").asLong() < -3_500_000L,
                base.all().toString());
        stopWithinItsDeadline(evex);
        String log = log();
        assertEquals(1, log.split("the wall clock jumped back by 3600 s", -1).length - 1, "said once:\n" + log);
    }

    private Process start(String... args) throws Exception {
        return started(EvexProcess.start(dir, Map.of("EVEX_ADMIN_TOKEN", ADMIN), args));
    }

    private Process started(Process p) {
        started.add(p);
        return p;
    }

    /** SIGTERM: queues drain for 10 s at most, so the process ends well within 30 s. */
    private static void stopWithinItsDeadline(Process evex) throws Exception {
        evex.destroy();
        boolean ended = evex.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            evex.destroyForcibly();
        }
        assertTrue(ended, "evex run did not stop within 30 s of SIGTERM");
    }

    /** MPEG-TS-sized datagrams of random bytes, 500 a second, as a broken encoder might send; stop it with shutdownNow. */
    private static ScheduledExecutorService sendGarbage(int port) throws Exception {
        Random random = new Random(27);
        byte[] packet = new byte[1316];
        DatagramSocket out = new DatagramSocket();
        InetAddress local = InetAddress.getLoopbackAddress();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        sender.scheduleAtFixedRate(
                () -> {
                    random.nextBytes(packet);
                    try {
                        out.send(new DatagramPacket(packet, packet.length, local, port));
                    } catch (java.io.IOException e) {
                        out.close(); // the test is over
                    }
                },
                0,
                2,
                TimeUnit.MILLISECONDS);
        return sender;
    }

    private String log() throws Exception {
        return Files.readString(dir.resolve("evex.out")) + Files.readString(dir.resolve("evex.err"));
    }
}
