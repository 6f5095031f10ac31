package io.evex.runtime.process;

import static io.evex.runtime.process.ProcessPipeline.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.event.EventEnvelope;
import io.evex.schemas.EventCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessFilterTest {

    @TempDir
    Path dir;

    private final EventCatalog catalog = EventCatalog.load();
    private final EventEnvelope envelope = new EventEnvelope();
    private final List<ObjectNode> out = new CopyOnWriteArrayList<>();
    private final ProcessHost host = new ProcessHost();
    private PreprocessFilter filter;

    @AfterEach
    void killLeftovers() {
        host.killAll();
    }

    private ObjectNode event(int i) {
        ObjectNode e = envelope.start("event-motion", 1, i % 2 == 0 ? "lobby" : "dock", i, i, 0);
        e.putArray("regions")
                .addObject()
                .putObject("box")
                .put("l", 0)
                .put("t", 0)
                .put("w", 1)
                .put("h", 1);
        return e;
    }

    private PreprocessFilter start(List<String> command, boolean passOnError, long timeoutMs) {
        filter = new PreprocessFilter(
                        "t",
                        new FilterSettings(
                                command, dir, List.of(), passOnError, timeoutMs, FilterSettings.DEFAULT_RESTART),
                        catalog,
                        out::add,
                        host)
                .start();
        return filter;
    }

    private Path script(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** Reads NUL-framed events; answers each with the line the body computes from `e` (a dict), or exits. */
    private List<String> python(String body) throws Exception {
        Path f = script("filter.py", """
                import json, sys
                pending = b""
                n = 0
                while True:
                    chunk = sys.stdin.buffer.read1(65536)
                    if not chunk:
                        break
                    *done, pending = (pending + chunk).split(b"\\0")
                    for m in done:
                        e = json.loads(m)
                        n += 1
                %s
                        sys.stdout.flush()
                """.formatted(body.indent(8).stripTrailing()));
        return List.of("python3", f.toString());
    }

    @Test
    void theCvediaSampleFilterWorksUnchanged() throws Exception {
        Path sample = Path.of(getClass().getResource("/cvedia/test_filter.py").toURI());
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import psutil").start();
        assertEquals(0, probe.waitFor(), "CVEDIA-RT's sample filter imports psutil: apt-get install python3-psutil");
        start(List.of("/usr/bin/python3", sample.toString()), true, 5_000);
        for (int i = 0; i < 50; i++) {
            filter.accept(event(i));
        }
        waitFor("50 filtered events", () -> out.size() == 50);
        filter.close();
        for (ObjectNode e : out) {
            assertEquals("YES", e.get("was_externally_modified").asText(), e.toString());
        }
        assertEquals(50L, filter.counters().get("out"));
        assertEquals(0L, filter.counters().get("passed_on_error"));
    }

    @Test
    void eventsTheFilterDropsAreDroppedAndChangedOnesValidated() throws Exception {
        start(python("""
                if e["channel"] == "dock":
                    print("[]")
                elif e["frame_id"] == 4:
                    e["frame_id"] = -1
                    print(json.dumps(e))
                else:
                    e["zone"] = "entrance"
                    print(json.dumps([e, dict(e, event_id=e["event_id"] + "-copy")]))"""), false, 5_000);
        for (int i = 0; i < 10; i++) {
            filter.accept(event(i));
        }
        waitFor(
                "replies",
                () -> filter.counters().get("dropped_by_filter") == 5
                        && filter.counters().get("invalid") == 1);
        filter.close();
        assertEquals(8, out.size(), "4 lobby events, each returned twice");
        assertTrue(out.stream()
                .allMatch(e -> e.get("zone").asText().equals("entrance")
                        && e.get("channel").asText().equals("lobby")));
        assertEquals(1L, filter.counters().get("dropped_on_error"), "the invalid rewrite of frame 4 was not published");
    }

    @Test
    void garbageRepliesApplyThePolicyToTheirEventOnly() throws Exception {
        start(python("""
                print("not json at all" if n % 3 == 0 else json.dumps(e))"""), true, 5_000);
        for (int i = 0; i < 9; i++) {
            filter.accept(event(i));
        }
        waitFor("9 events out", () -> out.size() == 9);
        filter.close();
        assertEquals(3L, filter.counters().get("garbage"));
        assertEquals(3L, filter.counters().get("passed_on_error"));
        assertEquals(6L, filter.counters().get("out"));
    }

    @Test
    void aCrashingFilterIsRestartedAndNothingIsLostSilently() throws Exception {
        start(python("""
                if e["frame_id"] == 5:
                    sys.exit(3)
                print(json.dumps(e))"""), true, 5_000);
        for (int i = 0; i < 10; i++) {
            filter.accept(event(i));
        }
        waitFor("the crash", () -> filter.counters().get("crashes") == 1);
        waitFor("events up to the crash filtered, the rest passed on", () -> out.size() == 10);
        Thread.sleep(700); // the restart back-off (500 ms) runs out
        for (int i = 10; i < 20; i++) {
            filter.accept(event(i));
        }
        waitFor("all 20 accounted for", () -> out.size() == 20);
        filter.close();
        Map<String, Long> c = filter.counters();
        assertEquals(1L, c.get("restarts"), c.toString());
        assertEquals(20L, c.get("out") + c.get("passed_on_error"), c.toString());
        assertTrue(c.get("out") >= 15, "after the restart events are filtered again: " + c);
    }

    @Test
    void aFilterThatDropsBySilenceKeepsRunningAndItsCountersAreRight() throws Exception {
        // answers even events with the event itself (its event_id tells which), says nothing for odd ones
        start(python("""
                if e["frame_id"] % 2 == 0:
                    sys.stdout.write(json.dumps(e) + "\\n")"""), false, 400);
        for (int i = 0; i < 20; i++) {
            filter.accept(event(i));
        }
        waitFor("the last, silent event to time out", () -> filter.counters().get("timeouts") == 1);
        for (int i = 20; i < 30; i++) {
            filter.accept(event(i));
        }
        waitFor("the next events", () -> filter.counters().get("out") == 15);
        Map<String, Long> c = filter.counters();
        filter.close();
        assertEquals(13L, c.get("dropped_by_filter"), "odd events before an answered one: " + c);
        assertEquals(0L, c.get("hangs") + c.get("crashes") + c.get("restarts"), "never killed: " + c);
        assertEquals(
                List.of(0L, 2L, 4L),
                out.subList(0, 3).stream().map(e -> e.get("frame_id").asLong()).toList());
    }

    @Test
    void aHungFilterIsKilledAfterTheTimeoutAndItsEventsDropped() throws Exception {
        start(List.of("sh", "-c", "cat > /dev/null"), false, 300);
        for (int i = 0; i < 5; i++) {
            filter.accept(event(i));
        }
        waitFor("the timeout", () -> filter.counters().get("timeouts") >= 1);
        waitFor("its events dropped", () -> filter.counters().get("dropped_on_error") == 5);
        // Still silent while events keep coming: after twice the timeout it counts as hung and is killed.
        for (int i = 5; i < 15 && filter.counters().get("hangs") == 0; i++) {
            filter.accept(event(i));
            Thread.sleep(100);
        }
        waitFor("the kill", () -> filter.counters().get("hangs") >= 1);
        filter.close();
        assertEquals(0, out.size());
    }
}
