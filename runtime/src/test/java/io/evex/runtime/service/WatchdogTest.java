package io.evex.runtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.Evex;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.testing.Pipelines;
import io.evex.runtime.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd watchdog, with a stand-in for systemd-notify that writes down what it is told. */
class WatchdogTest {

    @TempDir
    Path dir;

    private Path notifier() throws Exception {
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> \"" + dir.resolve("told.txt") + "\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private List<String> told() throws Exception {
        Path told = dir.resolve("told.txt");
        return Files.exists(told) ? Files.readAllLines(told) : List.of();
    }

    @Test
    void aRunningRuntimeSaysReadyThenAliveThenStopping() throws Exception {
        Map<String, String> env = Map.of(
                "NOTIFY_SOCKET",
                "/run/systemd/notify",
                "WATCHDOG_USEC",
                "400000",
                "EVEX_SYSTEMD_NOTIFY",
                notifier().toString());
        try (Evex evex = Pipelines.start(dir, "json:path=" + dir.resolve("e.jsonl"))) {
            Watchdog watchdog = Watchdog.fromEnvironment(evex, env).start();
            Waits.until("three watchdog beats", Duration.ofSeconds(20), () -> {
                try {
                    return told().stream().filter("WATCHDOG=1"::equals).count() >= 3;
                } catch (Exception e) {
                    return false;
                }
            });
            watchdog.close();
        }
        List<String> told = told();
        assertEquals("READY=1 STATUS=running", told.get(0));
        assertEquals("STOPPING=1", told.get(told.size() - 1));
    }

    @Test
    void withoutAServiceManagerThereIsNoWatchdog() {
        assertNull(Watchdog.fromEnvironment(null, Map.of()));
    }

    @Test
    void anOnlineChannelWithoutFramesCountsAsStuckOnlyAfterTheStall() {
        Liveness live = new Liveness(30_000);
        assertNull(live.stuck("door", Channel.State.ONLINE, 100, 0));
        assertNull(live.stuck("door", Channel.State.ONLINE, 100, 29_000), "not yet");
        String stuck = live.stuck("door", Channel.State.ONLINE, 100, 31_000);
        assertTrue(stuck != null && stuck.contains("no frame for 31 s"), stuck);
        assertNull(live.stuck("door", Channel.State.ONLINE, 101, 32_000), "a frame: alive again");
        assertNull(live.stuck("yard", Channel.State.RECONNECTING, 0, 0));
        assertNull(live.stuck("yard", Channel.State.RECONNECTING, 0, 90_000), "reconnecting is not stuck");
    }
}
