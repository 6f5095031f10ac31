package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evex.runtime.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit of the distribution (issue 27 point 6): it passes {@code systemd-analyze
 * verify}, and {@code ./evex run} speaks the notification protocol through the real
 * {@code systemd-notify} to a real datagram socket, as systemd would listen on it.
 */
class SystemdServiceIT {

    private static final Path ROOT =
            Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
    private static final Path UNIT = ROOT.resolve("deploy/systemd/evex.service");

    @TempDir
    Path dir;

    @Test
    void theUnitIsValidAndAsksForTheWatchdog() throws Exception {
        String unit = Files.readString(UNIT);
        for (String line : List.of("Type=notify", "NotifyAccess=all", "WatchdogSec=", "Restart=on-failure")) {
            assertTrue(unit.contains(line), "the unit has " + line);
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        // the installed paths do not exist here: point them at this checkout
        Path copy = dir.resolve("evex.service");
        Files.writeString(
                copy,
                unit.replace("/opt/evex/evex", ROOT.resolve("evex").toString())
                        .replace("User=evex", "User=root")
                        .replace("Group=evex", "Group=root")
                        .replace("/var/lib/evex", dir.toString()));
        Process verify = new ProcessBuilder("systemd-analyze", "verify", copy.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(verify.getInputStream().readAllBytes());
        assertEquals(0, verify.waitFor());
        assertEquals("", said.trim(), "systemd-analyze has nothing to say");
    }

    @Test
    void aRunUnderSystemdSaysReadyAliveAndStopping() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-notify")), "systemd-notify is not installed");
        Path socket = dir.resolve("notify.sock");
        Path heard = dir.resolve("heard.txt");
        Process listener = new ProcessBuilder(
                        "/usr/bin/python3",
                        "-c",
                        "import socket, sys\n"
                                + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1])\n"
                                + "out = open(sys.argv[2], 'a', buffering=1)\n"
                                + "while True: out.write(s.recv(4096).decode().replace('\\n', ' ') + '\\n')\n",
                        socket.toString(),
                        heard.toString())
                .start();
        Process evex = null;
        try {
            Waits.until("the socket", Duration.ofSeconds(10), () -> Files.exists(socket));
            evex = EvexProcess.start(
                    dir,
                    Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "1000000"),
                    "run",
                    "--synthetic",
                    "--http-port",
                    "0",
                    "--export",
                    "json:path=events.jsonl");
            Waits.until(
                    "three watchdog beats",
                    Duration.ofSeconds(60),
                    () -> lines(heard).stream()
                                    .filter(l -> l.trim().equals("WATCHDOG=1"))
                                    .count()
                            >= 3);
            evex.destroy();
            assertTrue(evex.waitFor(30, TimeUnit.SECONDS), "evex stopped");
            Waits.until("stopping", Duration.ofSeconds(10), () -> lines(heard).contains("STOPPING=1"));
        } finally {
            if (evex != null) {
                evex.destroyForcibly();
            }
            listener.destroyForcibly();
        }
        assertEquals("READY=1 STATUS=running", lines(heard).get(0).trim());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
