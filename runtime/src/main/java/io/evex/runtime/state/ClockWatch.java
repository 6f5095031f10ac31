package io.evex.runtime.state;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the wall clock jumps (NTP correcting a drifted clock, a hand-set date, a VM
 * restored from a snapshot): once a second it compares how far the wall clock moved with how far
 * the monotonic clock did. A jump is said once, with its size, and counted for the status. Evex
 * times its own waits, deadlines and back-offs on the monotonic clock, so a jump changes only
 * the times it writes (event timestamps, recording names and spans, retention ages).
 */
public final class ClockWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ClockWatch.class);
    /** Smaller differences are scheduling noise or NTP slewing, not a jump. */
    private static final long JUMP_MS = 2_000;

    private static final AtomicLong JUMPS = new AtomicLong();
    private static final AtomicLong LAST_JUMP_MS = new AtomicLong();
    private static Thread thread;

    private ClockWatch() {}

    /** Starts watching (once per process). */
    public static synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(ClockWatch::watch, "evex-clock-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private static void watch() {
        long wall = System.currentTimeMillis();
        long mono = System.nanoTime();
        while (true) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            long nowWall = System.currentTimeMillis();
            long nowMono = System.nanoTime();
            long jump = (nowWall - wall) - (nowMono - mono) / 1_000_000;
            if (Math.abs(jump) >= JUMP_MS) {
                JUMPS.incrementAndGet();
                LAST_JUMP_MS.set(jump);
                LOG.warn(
                        "the wall clock jumped {} by {} s (now {}): events and recordings carry the new time, retention"
                                + " goes by it; waits and deadlines are not affected",
                        jump < 0 ? "back" : "forward",
                        Math.round(Math.abs(jump) / 1000.0),
                        Instant.ofEpochMilli(nowWall));
            }
            wall = nowWall;
            mono = nowMono;
        }
    }

    /** Jumps seen since the start. */
    public static long jumps() {
        return JUMPS.get();
    }

    /** The last jump, in milliseconds (negative: back), 0 when none. */
    public static long lastJumpMs() {
        return LAST_JUMP_MS.get();
    }
}
