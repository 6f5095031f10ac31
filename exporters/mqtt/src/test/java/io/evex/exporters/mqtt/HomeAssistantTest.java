package io.evex.exporters.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.ChannelView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Home Assistant's states and configs as they would reach the broker, on a clock the test moves. */
class HomeAssistantTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HomeAssistantSettings SETTINGS =
            new HomeAssistantSettings(true, "homeassistant", "site1", Duration.ZERO);

    /** A clock the test sets. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-06T23:59:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** What was published, in order, and the broker's retained view. */
    private final List<String> sent = new ArrayList<>();

    private final Map<String, String> retained = new LinkedHashMap<>();

    /** A broker as far as Home Assistant's side uses it: retained messages, and a subscriber given them. */
    private final HomeAssistant.Out broker = new HomeAssistant.Out() {
        @Override
        public boolean publish(String topic, byte[] payload, boolean retain) {
            return HomeAssistantTest.this.publish(topic, payload, retain);
        }

        @Override
        public boolean subscribe(String filter, java.util.function.BiConsumer<String, byte[]> messages) {
            String[] levels = filter.split("/");
            for (Map.Entry<String, String> r : List.copyOf(retained.entrySet())) {
                String[] topic = r.getKey().split("/");
                boolean match = topic.length == levels.length;
                for (int i = 0; match && i < levels.length; i++) {
                    match = levels[i].equals("+") || levels[i].equals(topic[i]);
                }
                if (match) {
                    messages.accept(r.getKey(), r.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            return true;
        }
    };

    private boolean publish(String topic, byte[] payload, boolean retain) {
        String value = new String(payload, StandardCharsets.UTF_8);
        sent.add(topic + " " + value);
        if (retain) {
            if (value.isEmpty()) {
                retained.remove(topic);
            } else {
                retained.put(topic, value);
            }
        }
        return true;
    }

    private static ObjectNode event(String type, String field, String value, String track) {
        return JSON.createObjectNode()
                .put("$id", type)
                .put("channel", "lobby")
                .put(field, value)
                .put("tracking_id", track)
                .put("crossing_direction", "a-b");
    }

    @Test
    void statesArePublishedOnChangeAndCrossingsStartAgainAtMidnight() {
        TestClock clock = new TestClock();
        List<ChannelView> channels = List.of(new ChannelView("lobby", List.of("door"), List.of("gate"), true));
        HomeAssistant ha = new HomeAssistant(SETTINGS, "evex/site1/status", () -> channels, broker, clock);
        ha.connected();
        assertEquals("OFF", retained.get("evex/site1/lobby/zone/door/occupied"), "a state before any event");
        assertEquals("0", retained.get("evex/site1/lobby/line/gate/crossings"));
        ha.seen(event("event-area-enter", "zone", "door", "t-1"));
        ha.seen(event("event-area-enter", "zone", "door", "t-2"));
        ha.seen(event("event-area-exit", "zone", "door", "t-1"));
        assertEquals("ON", retained.get("evex/site1/lobby/zone/door/occupied"));
        assertEquals("1", retained.get("evex/site1/lobby/zone/door/count"));
        assertEquals(
                1,
                sent.stream()
                        .filter(m -> m.equals("evex/site1/lobby/zone/door/occupied ON"))
                        .count(),
                "on change only");
        ha.seen(event("event-line-crossing", "line", "gate", "t-2"));
        ha.seen(event("event-line-crossing", "line", "gate", "t-3"));
        assertEquals("2", retained.get("evex/site1/lobby/line/gate/crossings"));
        assertTrue(
                sent.stream().anyMatch(m -> m.startsWith("evex/site1/lobby/line/gate/event {\"event_type\":\"a-b\"")));
        assertTrue(!retained.containsKey("evex/site1/lobby/line/gate/event"), "events are not retained");
        ha.seen(JSON.createObjectNode().put("$id", "event-motion").put("channel", "lobby"));
        assertEquals("ON", retained.get("evex/site1/lobby/motion"));
        clock.now = clock.now.plusSeconds(2);
        ha.tick();
        assertEquals("ON", retained.get("evex/site1/lobby/motion"), "motion a moment ago");
        clock.now = clock.now.plusSeconds(60); // past midnight, and quiet
        ha.tick();
        assertEquals("OFF", retained.get("evex/site1/lobby/motion"));
        assertEquals("0", retained.get("evex/site1/lobby/line/gate/crossings"), "a new day");
    }

    @Test
    void idsStayTheSameForTheSameNamesAndARemovedZoneLeavesNothingRetained() {
        List<ChannelView> channels =
                new ArrayList<>(List.of(new ChannelView("lobby", List.of("door", "a/b"), List.of(), false)));
        HomeAssistant ha =
                new HomeAssistant(SETTINGS, "evex/site1/status", () -> List.copyOf(channels), broker, new TestClock());
        ha.connected();
        Map<String, String> first = new LinkedHashMap<>(retained);
        retained.clear();
        new HomeAssistant(SETTINGS, "evex/site1/status", () -> List.copyOf(channels), broker, new TestClock())
                .connected();
        assertEquals(first, retained, "a restart announces the same entities under the same ids");
        assertTrue(
                retained.keySet().stream().noneMatch(t -> t.contains("a/b")),
                "a name with a slash is no topic level: " + retained.keySet());
        assertNotEquals(Ids.of("a/b"), Ids.of("a_b"));

        channels.set(0, new ChannelView("lobby", List.of("a/b"), List.of(), false));
        ha.tick();
        assertTrue(
                retained.keySet().stream().noneMatch(t -> t.contains("door")),
                "the zone's configs and states are gone: " + retained.keySet());
        channels.clear();
        ha.tick();
        assertEquals(Map.of(), retained, "a removed channel leaves nothing");
    }

    @Test
    void aZoneTakenOutWhileEvexWasStoppedLosesItsEntitiesAtTheNextConnection() {
        List<ChannelView> before = List.of(new ChannelView("lobby", List.of("door", "yard"), List.of(), false));
        new HomeAssistant(SETTINGS, "evex/site1/status", () -> before, broker, new TestClock()).connected();
        retained.put("homeassistant/sensor/another-node/evex_another-node_x/config", "{}");
        List<ChannelView> after = List.of(new ChannelView("lobby", List.of("yard"), List.of(), false));
        HomeAssistant restarted =
                new HomeAssistant(SETTINGS, "evex/site1/status", () -> after, broker, new TestClock());
        restarted.connected();
        assertTrue(
                retained.keySet().stream().noneMatch(t -> t.contains("door")),
                retained.keySet().toString());
        assertTrue(retained.keySet().stream().anyMatch(t -> t.contains("zone_yard_occupied")));
        assertTrue(
                retained.containsKey("homeassistant/sensor/another-node/evex_another-node_x/config"), "another node's");
        assertEquals(2, restarted.removedStale(), "the door's two entities");
    }
}
