package io.evex.runtime.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.Counter;
import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.bus.queue.QueueSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Delivers events to a program's stdin as UTF-8 JSON, one message per event (or a JSON array per
 * batch), each followed by the separator byte ({@code \0} by default), as CVEDIA-RT does.
 *
 * <p>While the program is down, {@link #deliver} fails as retriable, with the time until the next
 * start as the retry hint: the event stays with the worker and later ones wait in the bounded
 * queue. Restarts follow the descriptor's {@code restart} back-off, which grows while the program
 * dies within 10 s of starting and starts over once it has run longer. States: {@link ProcessState}. Messages still in Evex's buffer when a program
 * dies go to the next program first; what a program had already been handed (at most one pipe
 * buffer) and never read is gone with it, unless {@code "delivery": "at-least-once"} keeps every
 * message until the program acknowledges it.
 */
final class ProcessExporter implements Exporter {

    private static final Pattern ACK = Pattern.compile("^ack (\\d+)$");
    private static final long STABLE_MS = 10_000;

    private final ExporterDescriptor descriptor;
    private final ProcessHost host;
    private final AckWindow acks;
    private final ByteArrayOutputStream batch = new ByteArrayOutputStream(64 * 1024);
    private ExporterContext context;
    private Logger log;
    private List<String> command;
    private Map<String, String> environment;
    private Counter starts;
    private Counter restarts;
    private Counter lost;
    private volatile ChildProcess child;
    private volatile ProcessState state = ProcessState.NOT_STARTED;
    private volatile Integer lastExit;
    private int generation;
    private int batched;
    private long batchStartedNanos;
    /** Messages that never reached a program that died; written first to the next one. */
    private final List<byte[]> resend = new ArrayList<>();

    private final Backoff.Schedule restartSchedule;

    ProcessExporter(ExporterDescriptor descriptor, ProcessHost host) {
        this.descriptor = descriptor;
        this.host = host;
        this.acks = descriptor.delivery() == ExporterDescriptor.Delivery.AT_LEAST_ONCE
                ? new AckWindow(descriptor.queue().over(QueueSettings.DEFAULT).size())
                : null;
        this.restartSchedule = descriptor.restartBackoff().schedule(Ticker.SYSTEM);
    }

    /** The command as the log shows it: every secret setting filled in appears as {@value io.evex.api.Setting#MASK}. */
    private String shownCommand() {
        String shown = String.join(" ", command);
        for (io.evex.api.Setting s : descriptor.settings().settings()) {
            String value = String.valueOf(context.settings().asMap().getOrDefault(s.key(), ""));
            if (descriptor.settings().secret(s.key()) && !value.isEmpty()) {
                shown = shown.replace(value, io.evex.api.Setting.MASK);
            }
        }
        return shown;
    }

    @Override
    public void start(ExporterContext ctx) {
        this.context = ctx;
        this.log = ctx.logger();
        this.starts = ctx.counter("starts");
        this.restarts = ctx.counter("restarts");
        this.lost = ctx.counter("lost");
        this.command = new ArrayList<>();
        for (String arg : descriptor.command()) {
            try {
                command.add(ctx.template(arg).render(null));
            } catch (io.evex.api.TemplateException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        String program = command.get(0);
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            command.set(0, descriptor.directory().resolve(program).normalize().toString());
        }
        environment = new LinkedHashMap<>(descriptor.environment());
        try {
            environment.put("EVEX_SCHEMAS", new ObjectMapper().writeValueAsString(ctx.negotiatedVersions()));
            environment.put(
                    "EVEX_SETTINGS",
                    new ObjectMapper().writeValueAsString(ctx.settings().asMap()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        environment.put("EVEX_EXPORTER", ctx.name());
        environment.put("EVEX_WORKDIR", ctx.workingDirectory().toString());
        try {
            launch();
        } catch (RetriableExportException e) {
            // logged by launch; deliveries retry the start on the restart schedule
        }
    }

    @Override
    public void deliver(Event event) throws ExportException {
        ensureRunning();
        byte[] json = event.bytes();
        try {
            if (descriptor.batchMaxEvents() <= 1) {
                write(json, 1);
            } else {
                batch.write(batched == 0 ? '[' : ',');
                batch.write(json);
                if (batched++ == 0) {
                    batchStartedNanos = System.nanoTime();
                }
                if (batched >= descriptor.batchMaxEvents()
                        || System.nanoTime() - batchStartedNanos >= descriptor.batchMaxDelayMs() * 1_000_000) {
                    endBatch();
                }
            }
        } catch (IOException e) {
            throw died("writing to it failed: " + e.getMessage());
        }
    }

    /** Writes one message of {@code events} events: the JSON and the separator; never half a message into the buffer. */
    private void write(byte[] json, int events) throws IOException, RetriableExportException {
        StdinBuffer out = child.stdin();
        if (acks != null) {
            try {
                if (!acks.awaitRoom(0)) {
                    out.flush();
                    if (!acks.awaitRoom(1_000)) {
                        throw new RetriableExportException(
                                acks.size() + " messages wait for the program's acknowledgement");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableExportException("interrupted while waiting for acknowledgements");
            }
            acks.sent(json, events);
        }
        out.writeMessage(json, descriptor.separator());
    }

    private void endBatch() throws IOException, RetriableExportException {
        if (batched == 0) {
            return;
        }
        batch.write(']');
        int events = batched;
        batched = 0;
        byte[] message = batch.toByteArray();
        batch.reset();
        write(message, events);
    }

    @Override
    public void flush() throws ExportException {
        ChildProcess c = child;
        if (c == null) {
            return;
        }
        try {
            endBatch();
            c.stdin().flush();
        } catch (IOException e) {
            throw died("flushing to it failed: " + e.getMessage());
        }
    }

    /** Makes sure a program is running, starting one when the policy and the back-off allow. */
    private void ensureRunning() throws ExportException {
        ChildProcess c = child;
        if (c != null && c.isAlive()) {
            return;
        }
        if (c != null) {
            int code = c.process().exitValue();
            lastExit = code;
            forget(c, "it exited with code " + code);
            boolean restart = switch (descriptor.restart()) {
                case ALWAYS -> true;
                case ON_FAILURE -> code != 0;
                case NEVER -> false;
            };
            if (!restart) {
                state = ProcessState.EXITED;
                if (!resend.isEmpty()) {
                    lost.add(resend.size());
                    log.warn(
                            "{} messages written after the program exited are lost: its restart policy is {}",
                            resend.size(),
                            descriptor.restart());
                    resend.clear();
                }
            }
        }
        if (state == ProcessState.EXITED) {
            throw new PermanentExportException("the program exited (code " + lastExit + ") and its restart policy is "
                    + descriptor.restart() + ": event not delivered");
        }
        if (!restartSchedule.due()) {
            Duration wait = restartSchedule.remaining();
            throw new RetriableExportException("the program is down; next start in " + wait.toMillis() + " ms", wait);
        }
        launch();
    }

    /** The program died under us: count what it did not read, arrange the restart back-off. */
    private RetriableExportException died(String how) {
        ChildProcess c = child;
        if (c != null) {
            forget(c, how);
        }
        return new RetriableExportException("the program stopped taking events: " + how);
    }

    private void forget(ChildProcess c, String how) {
        child = null;
        if (acks == null) {
            // messages still in our buffer never reached the program: the next one gets them
            resend.addAll(c.stdin().notHandedOver());
        }
        if (batched > 0) {
            batch.write(']');
            if (acks != null) {
                acks.sent(batch.toByteArray(), batched); // the next program gets it with the unacknowledged ones
            } else {
                resend.add(batch.toByteArray());
            }
        }
        batch.reset();
        batched = 0;
        if (c.uptimeMs() >= STABLE_MS) {
            restartSchedule.succeeded(); // it ran well for a while: the back-off starts over
        }
        restartSchedule.failed();
        state = ProcessState.RESTARTING;
    }

    private void launch() throws RetriableExportException {
        int gen = ++generation;
        try {
            ChildProcess c = ChildProcess.start(
                    command,
                    descriptor.directory(),
                    environment,
                    "exporter-" + context.name(),
                    line -> stdout(gen, line),
                    line -> log.warn("[stderr] {}", line));
            host.started(c.process());
            c.process().onExit().thenAccept(p -> {
                if (child == c) {
                    log.warn("program (pid {}) exited with code {}", p.pid(), p.exitValue());
                }
            });
            if (starts.get() > 0) {
                restarts.increment();
                log.info("program restarted (pid {}), restart {}", c.pid(), restarts.get());
            } else {
                log.info("program started (pid {}): {}", c.pid(), shownCommand());
            }
            starts.increment();
            child = c;
            state = ProcessState.RUNNING;
            List<byte[]> again = acks != null ? acks.restart(gen) : List.copyOf(resend);
            resend.clear();
            for (byte[] message : again) {
                if (acks != null) {
                    c.stdin().writeRaw(message); // already tracked by the ack window
                    c.stdin().writeRaw(new byte[] {descriptor.separator()});
                } else {
                    c.stdin().writeMessage(message, descriptor.separator());
                }
            }
            if (!again.isEmpty()) {
                c.stdin().flush();
                log.info(
                        "re-delivered {} messages the previous program had not {}",
                        again.size(),
                        acks != null ? "acknowledged" : "received");
            }
        } catch (IOException e) {
            Duration wait = restartSchedule.failed();
            state = ProcessState.RESTARTING;
            String why = "cannot start '" + command.get(0) + "' in " + descriptor.directory() + ": " + e.getMessage()
                    + " (next attempt in " + wait.toMillis() + " ms)";
            if (restartSchedule.failures() == 1) {
                log.error(why);
            }
            throw new RetriableExportException(why, wait);
        }
    }

    private void stdout(int gen, String line) {
        if (acks != null) {
            Matcher m = ACK.matcher(line.trim());
            if (m.matches()) {
                acks.ack(gen, Long.parseLong(m.group(1)));
                return;
            }
        }
        log.info("[stdout] {}", line);
    }

    /** At least once: the events of messages not acknowledged yet and of the batch being built; else unknown. */
    @Override
    public int unconfirmed() {
        return acks == null ? -1 : (int) Math.min(Integer.MAX_VALUE, acks.events() + batched);
    }

    @Override
    public void stop() {
        ChildProcess c = child;
        if (c == null) {
            state = ProcessState.STOPPED;
            return;
        }
        try {
            endBatch();
            c.stdin().flush();
        } catch (IOException | RetriableExportException e) {
            int undelivered = c.stdin().notHandedOver().size();
            lost.add(undelivered);
            log.warn("could not hand the last {} messages to the program: {}", undelivered, e.getMessage());
        }
        child = null;
        String how = c.stop(descriptor.graceMs());
        log.info("program (pid {}) {}", c.pid(), how);
        if (acks != null && acks.size() > 0) {
            log.warn("{} messages were not acknowledged by the program before it stopped", acks.size());
        }
        state = ProcessState.STOPPED;
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        ChildProcess c = child;
        s.put("process", (c != null && !c.isAlive() ? ProcessState.EXITED : state).toString());
        if (c != null) {
            s.put("pid", c.pid());
        }
        if (lastExit != null) {
            s.put("last_exit_code", lastExit);
        }
        if (acks != null) {
            s.put("unacknowledged", acks.size());
        }
        return s;
    }
}
