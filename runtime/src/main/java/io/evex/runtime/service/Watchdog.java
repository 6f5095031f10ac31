package io.evex.runtime.service;

import io.evex.runtime.api.ApiHost;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notification protocol for {@code Type=notify} units: {@code READY=1} once the runtime
 * runs, {@code WATCHDOG=1} every half {@code WatchdogSec} while it is {@link Liveness alive} (so a
 * hung runtime is restarted), {@code STOPPING=1} at the stop. Messages go through systemd's own
 * {@code systemd-notify} (the JDK cannot write to a Unix datagram socket), so the unit sets
 * {@code NotifyAccess=all}.
 */
public final class Watchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final ApiHost evex;
    private final List<String> notify;
    private final long intervalMs;
    private final Liveness liveness;
    private final Thread thread;
    private volatile boolean running = true;
    private String lastProblem;

    /**
     * @param notify the command that sends a message, its arguments before the message
     * @param intervalMs how often to tell the watchdog; 0 = no watchdog, only ready and stopping
     */
    public Watchdog(ApiHost evex, List<String> notify, long intervalMs) {
        this.evex = evex;
        this.notify = List.copyOf(notify);
        this.intervalMs = intervalMs;
        this.liveness = new Liveness(Math.max(30_000, intervalMs * 4));
        this.thread = new Thread(this::beat, "evex-watchdog");
        this.thread.setDaemon(true);
    }

    /**
     * A watchdog for the service manager that started this process, from its environment
     * ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}); null when not run by one.
     */
    public static Watchdog fromEnvironment(ApiHost evex, Map<String, String> env) {
        if (env.get("NOTIFY_SOCKET") == null) {
            return null;
        }
        long usec = 0;
        try {
            usec = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0"));
        } catch (NumberFormatException e) {
            LOG.warn("WATCHDOG_USEC is not a number ({}): no watchdog", env.get("WATCHDOG_USEC"));
        }
        List<String> command = List.of(env.getOrDefault("EVEX_SYSTEMD_NOTIFY", "systemd-notify"));
        return new Watchdog(evex, command, usec / 2_000);
    }

    public Watchdog start() {
        send("READY=1", "STATUS=running");
        if (intervalMs > 0) {
            thread.start();
        }
        return this;
    }

    private void beat() {
        while (running) {
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
            String problem = liveness.problem(evex, System.nanoTime() / 1_000_000);
            if (problem == null) {
                send("WATCHDOG=1");
                if (lastProblem != null) {
                    LOG.info("telling the watchdog again: {} no longer", lastProblem);
                }
            } else if (!problem.equals(lastProblem)) {
                LOG.error("not telling the watchdog that Evex is alive: {}; systemd restarts it soon", problem);
            }
            lastProblem = problem;
        }
    }

    private void send(String... message) {
        List<String> command = new ArrayList<>(notify);
        command.addAll(List.of(message));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.warn("cannot tell systemd {}: {}", String.join(" ", message), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        send("STOPPING=1");
    }
}
