package io.evex.runtime.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.event.EventSink;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.Problem;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs events through a filter program before they reach the bus (see {@link FilterSettings}).
 *
 * <p>The source never waits for the filter: events go through a bounded queue to a writer thread
 * (a full queue applies the error policy to the event, counted). How replies find their events:
 * <ol>
 *   <li>A reply carrying the {@code event_id} of a waiting event (the event itself, changed or not, or
 *       an array holding it) answers that event; waiting events written before it that got no reply
 *       were dropped by silence, as CVEDIA-RT's contract allows (counted as {@code dropped_by_filter}).
 *   <li>Any other reply ({@code []}, {@code null}, new events, garbage) answers the oldest waiting event.
 *   <li>An event without a reply after {@code timeout} gets the error policy ({@code timeouts}); the
 *       program is killed as hung ({@code hangs}) only when it has answered nothing for twice that
 *       while events wait, so a filter that keeps answering others is never killed for its silences.
 * </ol>
 * Garbage applies the policy to its event; a crash applies it to every event still waiting; the
 * program is started again with back-off, and events that arrive while it is down get the policy too. Filtered events are validated against their schema;
 * an invalid one is dropped and its original gets the policy. Everything is counted.
 */
public final class PreprocessFilter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PreprocessFilter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_REPLY = 16 * 1024 * 1024;

    private final FilterSettings settings;
    private final EventCatalog catalog;
    private final EventSink downstream;
    private final ProcessHost host;
    private final String name;
    private final ArrayBlockingQueue<ObjectNode> toWrite = new ArrayBlockingQueue<>(10_000);
    private final AwaitedReplies awaiting = new AwaitedReplies();
    private final Map<String, AtomicLong> counters = new LinkedHashMap<>();
    private final Thread writer;
    private final Thread watchdog;
    private volatile boolean closing;
    private ChildProcess child;
    private int generation;
    private int starts;
    /** Failures since the last good reply, and when the next start is due; guarded by {@code this}. */
    private final Backoff.Schedule restarts;

    /** When the current program last answered (or started); guarded by {@code this}. */
    private long lastSignNanos;

    public PreprocessFilter(
            String name, FilterSettings settings, EventCatalog catalog, EventSink downstream, ProcessHost host) {
        this.name = name;
        this.settings = settings;
        this.catalog = catalog;
        this.downstream = downstream;
        this.host = host;
        this.restarts = settings.restart().schedule(Ticker.SYSTEM);
        for (String c : List.of(
                "in",
                "out",
                "dropped_by_filter",
                "passed_on_error",
                "dropped_on_error",
                "garbage",
                "invalid",
                "timeouts",
                "hangs",
                "crashes",
                "restarts")) {
            counters.put(c, new AtomicLong());
        }
        writer = new Thread(this::writeLoop, "filter-" + name + "-writer");
        writer.setDaemon(true);
        watchdog = new Thread(this::watch, "filter-" + name + "-watchdog");
        watchdog.setDaemon(true);
    }

    public PreprocessFilter start() {
        synchronized (this) {
            launch();
        }
        writer.start();
        watchdog.start();
        return this;
    }

    /** Takes an event of a covered channel; never blocks. */
    public void accept(ObjectNode event) {
        count("in");
        if (!toWrite.offer(event)) {
            onError(event, "the filter's input queue is full");
        }
    }

    /** Counters: in, out, dropped_by_filter, passed_on_error, dropped_on_error, garbage, invalid, timeouts, hangs, crashes, restarts. */
    public Map<String, Long> counters() {
        Map<String, Long> values = new LinkedHashMap<>();
        counters.forEach((k, v) -> values.put(k, v.get()));
        return values;
    }

    private void count(String counter) {
        counters.get(counter).incrementAndGet();
    }

    private void writeLoop() {
        try {
            while (!closing || !toWrite.isEmpty()) {
                ObjectNode event = toWrite.poll(50, TimeUnit.MILLISECONDS);
                if (event == null) {
                    continue;
                }
                StdinBuffer out;
                ChildProcess current;
                int gen;
                synchronized (this) {
                    current = child;
                    gen = generation;
                }
                if (current != null && !current.isAlive()) {
                    settle(gen, "exited with code " + current.process().exitValue());
                }
                synchronized (this) {
                    if (child == null) {
                        if (closing || !restarts.due() || !launch()) {
                            onError(event, "the filter is not running");
                            continue;
                        }
                    }
                    awaiting.add(event, System.nanoTime() + settings.timeoutMs() * 1_000_000);
                    out = child.stdin();
                }
                try {
                    out.writeMessage(MAPPER.writeValueAsBytes(event), (byte) 0);
                    if (toWrite.isEmpty()) {
                        out.flush();
                    }
                } catch (IOException e) {
                    // the filter died; the watchdog and the exit handler settle what it had
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the program; false (logged once per failure streak) when it cannot start. */
    private boolean launch() {
        int gen = ++generation;
        try {
            ChildProcess c = ChildProcess.start(
                    settings.command(),
                    settings.directory(),
                    Map.of("EVEX_FILTER", name),
                    "filter-" + name,
                    reply -> reply(gen, reply),
                    line -> LOG.warn("filter {} [stderr] {}", name, line),
                    true,
                    MAX_REPLY);
            host.started(c.process());
            c.process().onExit().thenAccept(p -> exited(gen, p.exitValue()));
            if (starts++ > 0) {
                count("restarts");
            }
            child = c;
            lastSignNanos = System.nanoTime(); // a new program gets its own time to answer
            LOG.info("filter {} started (pid {}): {}", name, c.pid(), String.join(" ", settings.command()));
            return true;
        } catch (IOException e) {
            Duration wait = restarts.failed();
            if (restarts.failures() == 1) {
                LOG.error(
                        "filter {} cannot start '{}': {}; retrying in {} ms and on a growing back-off, events meanwhile are {}",
                        name,
                        settings.command().get(0),
                        e.getMessage(),
                        wait.toMillis(),
                        settings.passOnError() ? "passed on unfiltered" : "dropped");
            }
            return false;
        }
    }

    private void reply(int gen, String text) {
        if (text.isBlank()) {
            return;
        }
        JsonNode reply;
        try {
            reply = MAPPER.readTree(text);
        } catch (IOException e) {
            reply = null; // garbage: it answers the oldest waiting event (rule 2)
        }
        AwaitedReplies.Pending pending;
        int silent;
        synchronized (this) {
            if (gen != generation) {
                return;
            }
            lastSignNanos = System.nanoTime();
            AwaitedReplies.Answer answer = awaiting.answer(reply);
            pending = answer.pending();
            silent = answer.droppedBySilence();
        }
        for (int i = 0; i < silent; i++) {
            count("dropped_by_filter");
        }
        if (pending == null) {
            count("garbage");
            LOG.warn("filter {} wrote a reply nobody asked for; ignored: {}", name, abbreviate(text));
            return;
        }
        if (reply == null && !text.trim().equals("null")) {
            count("garbage");
            onError(pending.event(), "the filter replied with something that is not JSON: " + abbreviate(text));
            return;
        }
        if (reply == null || reply.isNull() || (reply.isArray() && reply.isEmpty())) {
            count("dropped_by_filter");
            return;
        }
        for (JsonNode event : reply.isArray() ? reply : List.of(reply)) {
            List<Problem> problems = catalog.validate(event, "filter " + name, 0);
            if (!problems.isEmpty()) {
                count("invalid");
                onError(pending.event(), "the filter returned an invalid event: " + problems.get(0));
                continue;
            }
            count("out");
            downstream.accept((ObjectNode) event);
        }
        synchronized (this) {
            restarts.succeeded();
        }
    }

    private void exited(int gen, int code) {
        settle(gen, "exited with code " + code);
    }

    /**
     * Handles the end of the program of generation {@code gen} once, whoever notices it first
     * (the exit callback or the writer): its unanswered events get the error policy and the next
     * start waits for the back-off.
     */
    private void settle(int gen, String how) {
        ChildProcess dead;
        synchronized (this) {
            dead = gen == generation ? child : null;
        }
        if (dead != null) {
            dead.awaitStdoutRead(1_000); // its last replies still count
        }
        List<AwaitedReplies.Pending> orphans;
        synchronized (this) {
            if (gen != generation || child == null || closing) {
                return;
            }
            child = null;
            count("crashes");
            orphans = awaiting.takeAll();
            restarts.failed();
        }
        LOG.warn(
                "filter {} {}; {} events it had not answered are {}; restarting with back-off",
                name,
                how,
                orphans.size(),
                settings.passOnError() ? "passed on unfiltered" : "dropped");
        orphans.forEach(p -> onError(p.event(), null));
    }

    /** Kills a filter whose oldest unanswered event is overdue. */
    private void watch() {
        while (!closing) {
            try {
                Thread.sleep(Math.max(10, Math.min(100, settings.timeoutMs() / 4)));
            } catch (InterruptedException e) {
                return;
            }
            List<AwaitedReplies.Pending> orphans = null;
            List<AwaitedReplies.Pending> overdue = List.of();
            ChildProcess hung = null;
            synchronized (this) {
                long now = System.nanoTime();
                boolean silentTooLong = now - lastSignNanos > 2 * settings.timeoutMs() * 1_000_000;
                if (awaiting.overdue(now) && child != null && !silentTooLong) {
                    // It answers others (or has not been silent long): only the overdue events get the policy.
                    overdue = awaiting.takeOverdue(now);
                } else if (awaiting.overdue(now) && child != null) {
                    count("hangs");
                    hung = child;
                    generation++; // replies and the exit of the hung program no longer count
                    orphans = awaiting.takeAll();
                    child = null;
                    restarts.failed();
                }
            }
            for (AwaitedReplies.Pending p : overdue) {
                count("timeouts");
                onError(p.event(), "no reply within " + settings.timeoutMs() + " ms");
            }
            if (hung != null) {
                LOG.warn(
                        "filter {} did not answer within {} ms; killed; {} waiting events are {}",
                        name,
                        settings.timeoutMs(),
                        orphans.size(),
                        settings.passOnError() ? "passed on unfiltered" : "dropped");
                hung.process().destroyForcibly();
                orphans.forEach(p -> onError(p.event(), null));
            }
        }
    }

    private void onError(ObjectNode event, String why) {
        if (why != null) {
            LOG.warn(
                    "filter {}: {}; event {} is {}",
                    name,
                    why,
                    event.path("event_id").asText(),
                    settings.passOnError() ? "passed on unfiltered" : "dropped");
        }
        if (settings.passOnError()) {
            count("passed_on_error");
            downstream.accept(event);
        } else {
            count("dropped_on_error");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /**
     * Writes what is queued, gives the filter up to its timeout to answer, then stops it; events
     * still unanswered get the error policy.
     */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(settings.timeoutMs() + 1_000);
            long deadline = System.nanoTime() + settings.timeoutMs() * 1_000_000;
            while (System.nanoTime() < deadline) {
                synchronized (this) {
                    if (awaiting.isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ChildProcess c;
        List<AwaitedReplies.Pending> orphans;
        synchronized (this) {
            c = child;
            child = null;
            generation++;
            orphans = awaiting.takeAll();
        }
        watchdog.interrupt();
        if (c != null) {
            c.stop(1_000);
        }
        orphans.forEach(p -> onError(p.event(), "the filter stopped before answering"));
        LOG.info("filter {}: {}", name, counters());
    }
}
