package io.evex.runtime.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One started program: its stdin behind a 64 KiB {@link StdinBuffer}, and a thread per output stream that hands complete lines (at most 8 KiB;
 * longer ones are cut) to a consumer.
 */
final class ChildProcess {

    static final int STDIN_BUFFER = 64 * 1024;
    private static final int MAX_LINE = 8 * 1024;

    private final Process process;
    private final StdinBuffer stdin;
    private final long startedNanos = System.nanoTime();
    private Thread stdoutReader;

    private ChildProcess(Process process) {
        this.process = process;
        this.stdin = new StdinBuffer(process.getOutputStream(), STDIN_BUFFER);
    }

    /**
     * Starts {@code command} in {@code dir} with {@code environment} added to the runtime's own,
     * less its secrets ({@link ChildEnvironment}).
     *
     * @throws IOException when the program cannot be started (not found, not executable)
     */
    static ChildProcess start(
            List<String> command,
            Path dir,
            Map<String, String> environment,
            String threadName,
            Consumer<String> stdoutLines,
            Consumer<String> stderrLines)
            throws IOException {
        return start(command, dir, environment, threadName, stdoutLines, stderrLines, false, MAX_LINE);
    }

    /**
     * @param nulEndsStdoutMessages whether a NUL byte ends a stdout message as well as a newline
     * @param maxStdoutMessage the longest stdout message kept whole (longer ones are cut)
     */
    static ChildProcess start(
            List<String> command,
            Path dir,
            Map<String, String> environment,
            String threadName,
            Consumer<String> stdoutLines,
            Consumer<String> stderrLines,
            boolean nulEndsStdoutMessages,
            int maxStdoutMessage)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        ChildEnvironment.prepare(builder.environment(), environment);
        ChildProcess child = new ChildProcess(builder.start());
        child.stdoutReader = pump(
                child.process.getInputStream(),
                stdoutLines,
                threadName + "-stdout",
                nulEndsStdoutMessages,
                maxStdoutMessage);
        pump(child.process.getErrorStream(), stderrLines, threadName + "-stderr", false, MAX_LINE);
        return child;
    }

    /**
     * Waits until everything the program wrote on stdout has been handed to the consumer. The exit
     * of a program can be noticed before its last output lines are read; call this first.
     */
    void awaitStdoutRead(long ms) {
        try {
            stdoutReader.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, Consumer<String> lines, String name, boolean nulEnds, int max) {
        Thread t = new Thread(
                () -> {
                    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
                    byte[] buf = new byte[8192];
                    try (in) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            for (int i = 0; i < n; i++) {
                                byte b = buf[i];
                                if (b == '\n' || (nulEnds && b == 0)) {
                                    emit(line, lines);
                                } else if (line.size() < max) {
                                    line.write(b);
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the stream closes when the process ends
                    }
                    if (line.size() > 0) {
                        emit(line, lines);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void emit(ByteArrayOutputStream line, Consumer<String> lines) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    StdinBuffer stdin() {
        return stdin;
    }

    Process process() {
        return process;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    long uptimeMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /**
     * Closes stdin (the program's signal to flush and exit), waits up to {@code graceMs}, then
     * terminates it, and after two more seconds kills it.
     *
     * @return how it ended: "exited with code N", "terminated after the grace period" or "killed"
     */
    String stop(long graceMs) {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                return "exited with code " + process.exitValue();
            }
            process.destroy();
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return "terminated after the " + graceMs + " ms grace period";
            }
            process.destroyForcibly();
            process.waitFor(2, TimeUnit.SECONDS);
            return "killed after the " + graceMs + " ms grace period";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return "killed";
        }
    }
}
