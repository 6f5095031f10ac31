package io.evex.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.RetriableExportException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The API's one back-off, on a clock the test moves. */
class BackoffTest {

    @Test
    void delaysGrowByTheMultiplierUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 3, 0);
        assertEquals(Duration.ofMillis(100), b.delay(1));
        assertEquals(Duration.ofMillis(300), b.delay(2));
        assertEquals(Duration.ofMillis(900), b.delay(3));
        assertEquals(Duration.ofSeconds(1), b.delay(4));
        assertEquals(Duration.ofSeconds(1), b.delay(1_000), "no overflow after many failures");
    }

    @Test
    void jitterSpreadsEachDelayWithinItsShare() {
        Backoff b = Backoff.ofMillis(1_000, 1_000).withJitter(0.2);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2_000; i++) {
            long ms = b.delay(1).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(min >= 800 && max <= 1_200, min + ".." + max);
        assertTrue(max - min > 300, "spread over the range, not one value: " + min + ".." + max);
    }

    @Test
    void aScheduleIsDueAfterItsWaitOnTheInjectedClockAndStartsOverAfterSuccess() {
        ManualTicker clock = new ManualTicker();
        Backoff.Schedule s = Backoff.ofMillis(500, 30_000).schedule(clock);
        assertTrue(s.due(), "nothing failed yet");
        assertEquals(Duration.ofMillis(500), s.failed());
        assertFalse(s.due());
        clock.advance(499, TimeUnit.MILLISECONDS);
        assertFalse(s.due());
        assertEquals(Duration.ofMillis(1), s.remaining());
        clock.advance(1, TimeUnit.MILLISECONDS);
        assertTrue(s.due());
        assertEquals(Duration.ofSeconds(1), s.failed());
        assertEquals(Duration.ofSeconds(2), s.failed());
        assertEquals(3, s.failures());
        s.succeeded();
        assertTrue(s.due());
        assertEquals(Duration.ofMillis(500), s.failed(), "back to the first wait");
    }

    @Test
    void aHintLongerThanTheBackoffWins() {
        ManualTicker clock = new ManualTicker();
        Backoff.Schedule s = Backoff.ofMillis(100, 1_000).schedule(clock);
        assertEquals(Duration.ofSeconds(5), s.failed(Duration.ofSeconds(5)));
        assertEquals(
                Duration.ofMillis(200),
                s.failed(Duration.ofMillis(50)),
                "a shorter hint does not shorten the back-off");
        assertEquals(
                Duration.ofSeconds(7),
                new RetriableExportException("busy", Duration.ofSeconds(7))
                        .retryAfter()
                        .orElseThrow());
        assertTrue(new RetriableExportException("down").retryAfter().isEmpty());
    }

    @Test
    void invalidSettingsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Backoff.ofMillis(500, 100))
                .getMessage()
                .contains("initial 500 ms and max 100 ms"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 0.5, 0))
                .getMessage()
                .contains("multiplier"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 2, 1.5))
                .getMessage()
                .contains("jitter"));
    }
}
