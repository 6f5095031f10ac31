package io.evex.exporters.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.ChannelView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Home Assistant's MQTT discovery: each channel a device; each zone an occupancy
 * {@code binary_sensor} and an object {@code sensor}; each line a {@code sensor} of today's
 * crossings (back to 0 at local midnight) and an {@code event} entity; motion a
 * {@code binary_sensor}; the latest picture an {@code image}. Configs are retained, keyed by
 * {@code unique_id}s made of the node id, channel and rule names (the same across restarts);
 * states are retained and published when they change, and all of them again on every connection.
 * An entity whose zone, line or channel is gone is removed with an empty retained config.
 */
final class HomeAssistant {

    /** The broker as Home Assistant's side sees it. */
    interface Out {
        /** Publishes one message; false when there is no connection now (everything is sent again on the next). */
        boolean publish(String topic, byte[] payload, boolean retain);

        /** Subscribes (for the retained configs of earlier runs); false without a connection. */
        boolean subscribe(String filter, java.util.function.BiConsumer<String, byte[]> messages);
    }

    /** Motion goes off once the channel has had none this long. */
    static final long MOTION_QUIET_MS = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HomeAssistantSettings settings;
    private final String availability;
    private final Supplier<List<ChannelView>> channels;
    private final Out out;
    private final Clock clock;

    /** Config topic → entity, as announced. */
    private final Map<String, DiscoveryConfigs.Entity> announced = new LinkedHashMap<>();
    /** State topic → the last value published (retained ones only). */
    private final Map<String, String> states = new HashMap<>();

    private final Map<String, Set<String>> inside = new HashMap<>();
    private final Map<String, Integer> crossings = new HashMap<>();
    private final Map<String, Long> motion = new HashMap<>();
    private LocalDate today;
    private long removedStale;
    private java.util.concurrent.ScheduledExecutorService ticks;

    HomeAssistant(
            HomeAssistantSettings settings,
            String availability,
            Supplier<List<ChannelView>> channels,
            Out out,
            Clock clock) {
        this.settings = settings;
        this.availability = availability;
        this.channels = channels;
        this.out = out;
        this.clock = clock;
        this.today = LocalDate.now(clock);
    }

    /** Ticks once a second on a thread of its own (rules changed, motion stopped, a new day). */
    void start(String exporter, org.slf4j.Logger log) {
        ticks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evex-mqtt-home-assistant-" + exporter);
            t.setDaemon(true);
            return t;
        });
        ticks.scheduleWithFixedDelay(
                () -> {
                    try {
                        tick();
                    } catch (RuntimeException e) {
                        log.warn("Home Assistant states not updated: {}", e.toString());
                    }
                },
                1,
                1,
                java.util.concurrent.TimeUnit.SECONDS);
        log.info(
                "Home Assistant discovery under {}/ (node {}), states under evex/{}/",
                settings.prefix(),
                settings.node(),
                Ids.of(settings.node()));
    }

    void stop() {
        if (ticks != null) {
            ticks.shutdownNow();
        }
    }

    /** The topic under which a channel's states are published. */
    String base(String channel) {
        return "evex/" + settings.node() + "/" + Ids.of(channel);
    }

    /**
     * A new connection: every config and state again (a broker may have lost its retained
     * messages); then the configs the broker keeps under this node are read, and those of entities
     * gone while Evex was stopped (a zone taken out of the file) are removed.
     */
    synchronized void connected() {
        announced.clear();
        sync();
        Map<String, String> all = new LinkedHashMap<>(states);
        all.forEach((topic, value) -> send(topic, value, true));
        out.subscribe(settings.prefix() + "/+/" + Ids.of(settings.node()) + "/+/config", this::retained);
    }

    /** A retained config of this node: one no entity has now is removed, with its retained state. */
    synchronized void retained(String topic, byte[] config) {
        if (config.length == 0 || announced.containsKey(topic)) {
            return; // a removal, or one of ours as it is now
        }
        String state = "";
        try {
            JsonNode c = JSON.readTree(config);
            state = c.path("state_topic").asText(c.path("image_topic").asText(""));
        } catch (java.io.IOException notJson) {
            // not Evex's; its config goes all the same: the topic is this node's
        }
        send(topic, "", true);
        if (state.startsWith("evex/" + Ids.of(settings.node()) + "/")) {
            send(state, "", true);
        }
        removedStale++;
    }

    /** Entities of earlier runs removed at a connection. */
    synchronized long removedStale() {
        return removedStale;
    }

    /** Once a second: rules added or removed, motion that stopped, the counts of a new (local) day. */
    synchronized void tick() {
        long now = clock.millis();
        sync();
        motion.entrySet().removeIf(e -> {
            if (now - e.getValue() < MOTION_QUIET_MS) {
                return false;
            }
            state(base(e.getKey()) + "/motion", "OFF");
            return true;
        });
        LocalDate date = LocalDate.now(clock);
        if (!date.equals(today)) {
            today = date;
            crossings.replaceAll((topic, n) -> 0);
            crossings.keySet().forEach(topic -> state(topic, "0"));
        }
    }

    /** An event this exporter published: the states it changes. */
    synchronized void seen(JsonNode event) {
        String channel = event.path("channel").asText();
        switch (event.path("$id").asText()) {
            case "event-area-enter", "event-area-exit" -> {
                String z = text(event, "zone", "area_id");
                String topic = base(channel) + "/zone/" + Ids.of(z);
                Set<String> objects = inside.computeIfAbsent(topic, t -> new HashSet<>());
                if (event.path("$id").asText().endsWith("enter")) {
                    objects.add(event.path("tracking_id").asText());
                } else {
                    objects.remove(event.path("tracking_id").asText());
                }
                state(topic + "/occupied", objects.isEmpty() ? "OFF" : "ON");
                state(topic + "/count", Integer.toString(objects.size()));
            }
            case "event-line-crossing" -> {
                String topic = base(channel) + "/line/" + Ids.of(text(event, "line", "tripwire_id"));
                int n = crossings.merge(topic + "/crossings", 1, Integer::sum);
                state(topic + "/crossings", Integer.toString(n));
                ObjectNode e = JSON.createObjectNode()
                        .put("event_type", event.path("crossing_direction").asText("a-b"))
                        .put("object_class", event.path("object_class").asText())
                        .put("tracking_id", event.path("tracking_id").asText());
                send(topic + "/event", e.toString(), false); // an event, not a state: never retained
            }
            case "event-motion" -> {
                if (motion.put(channel, clock.millis()) == null) {
                    state(base(channel) + "/motion", "ON");
                }
            }
            default -> {
                // other types make no Home Assistant state
            }
        }
    }

    /** The latest picture of a channel, for its image entity (retained, so a dashboard opens with one). */
    void snapshot(String channel, byte[] jpeg) {
        out.publish(base(channel) + "/snapshot", jpeg, true);
    }

    /** Announces the entities the channels have now, and removes those they no longer have. */
    private void sync() {
        Map<String, DiscoveryConfigs.Entity> wanted = new LinkedHashMap<>();
        for (ChannelView c : channels.get()) {
            for (DiscoveryConfigs.Entity e : DiscoveryConfigs.of(c, settings, availability, base(c.name()))) {
                wanted.put(e.configTopic(), e);
            }
        }
        for (Map.Entry<String, DiscoveryConfigs.Entity> gone : List.copyOf(announced.entrySet())) {
            if (!wanted.containsKey(gone.getKey()) && send(gone.getKey(), "", true)) {
                announced.remove(gone.getKey());
                String stateTopic = gone.getValue().stateTopic();
                if (stateTopic != null && states.remove(stateTopic) != null) {
                    send(stateTopic, "", true); // its retained state goes too
                }
                crossings.remove(stateTopic);
                inside.keySet().removeIf(t -> stateTopic != null && stateTopic.startsWith(t + "/"));
            }
        }
        for (DiscoveryConfigs.Entity e : wanted.values()) {
            DiscoveryConfigs.Entity before = announced.get(e.configTopic());
            if ((before == null || !java.util.Arrays.equals(before.config(), e.config()))
                    && out.publish(e.configTopic(), e.config(), true)) {
                announced.put(e.configTopic(), e);
            }
            if (e.stateTopic() != null && e.initial() != null) {
                states.computeIfAbsent(e.stateTopic(), t -> publishNew(t, e.initial()));
                if (e.stateTopic().endsWith("/crossings")) {
                    crossings.putIfAbsent(e.stateTopic(), Integer.parseInt(states.get(e.stateTopic())));
                }
            }
        }
    }

    private String publishNew(String topic, String value) {
        send(topic, value, true);
        return value;
    }

    private void state(String topic, String value) {
        if (!value.equals(states.put(topic, value))) {
            send(topic, value, true);
        }
    }

    private boolean send(String topic, String payload, boolean retain) {
        return out.publish(topic, payload.getBytes(StandardCharsets.UTF_8), retain);
    }

    private static String text(JsonNode event, String field, String fallback) {
        String v = event.path(field).asText("");
        return v.isEmpty() ? event.path(fallback).asText("") : v;
    }
}
