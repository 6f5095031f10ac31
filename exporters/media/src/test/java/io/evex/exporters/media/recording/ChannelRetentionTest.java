package io.evex.exporters.media.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A channel's own {@code recordings.retain} over the recorder's: each channel's segments go after their own time. */
class ChannelRetentionTest {

    private static final RetentionSettings FOLDER = new RetentionSettings(
            Duration.ofHours(1),
            Duration.ofDays(1),
            RetentionSettings.Mode.ALL,
            Set.of("track"),
            0,
            0,
            Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private Path segment(Recordings r, String channel, long start, long end) throws Exception {
        Path file = dir.resolve(channel + "-" + start + ".mp4");
        Files.write(file, new byte[1000]);
        r.opened(channel, file, start);
        r.progressed(channel, end);
        r.closed(channel);
        return file;
    }

    @Test
    void eachChannelKeepsItsSegmentsForItsOwnTime() throws Exception {
        Recordings r = Recordings.open(dir, FOLDER, LoggerFactory.getLogger(getClass()));
        r.retain("dock", Map.of("retain.continuous", "2m", "retain.mode", "all"));
        long now = 10_000_000;
        Path dockOld = segment(r, "dock", now - 300_000, now - 240_000); // ended 4 min ago
        Path dockNew = segment(r, "dock", now - 60_000, now - 30_000);
        Path lobbyOld = segment(r, "lobby", now - 300_000, now - 240_000);

        assertEquals(1, r.sweep(now));
        assertFalse(Files.exists(dockOld), "past the dock's 2 minutes");
        assertTrue(Files.exists(dockNew), "within them");
        assertTrue(Files.exists(lobbyOld), "the lobby keeps the recorder's hour");
        assertEquals(Duration.ofMinutes(2), r.policy("dock").continuous());
        assertEquals(Duration.ofDays(1), r.policy("dock").events(), "what the channel leaves out stays the recorder's");

        r.retain("dock", Map.of()); // the channel's block taken out: the recorder's again
        assertEquals(FOLDER, r.policy("dock"));
    }

    @Test
    void aWrongValueNamesItsKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> FOLDER.with(Map.of("retain.events", "soon")));
        assertTrue(e.getMessage().startsWith("retain.events 'soon'"), e.getMessage());
        var mode = assertThrows(IllegalArgumentException.class, () -> FOLDER.with(Map.of("retain.mode", "some")));
        assertTrue(mode.getMessage().startsWith("retain.mode 'some'"), mode.getMessage());
        assertEquals(
                Set.of("track:person", "event-line-crossing"),
                FOLDER.with(Map.of("retain.event_types", "track:person, event-line-crossing"))
                        .eventTypes());
    }
}
