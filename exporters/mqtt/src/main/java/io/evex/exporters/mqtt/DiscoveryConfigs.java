package io.evex.exporters.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.ChannelView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The discovery configs of one channel's entities (Home Assistant's MQTT integration reads them). */
final class DiscoveryConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One entity: where its config goes, the config, its retained state topic and the state it
     * starts with (null for entities without a retained state: events, the image).
     */
    record Entity(String configTopic, byte[] config, String stateTopic, String initial) {}

    private DiscoveryConfigs() {}

    static List<Entity> of(ChannelView c, HomeAssistantSettings s, String availability, String base) {
        List<Entity> out = new ArrayList<>();
        String device = "evex_" + Ids.of(s.node()) + "_" + Ids.of(c.name());
        for (String zone : c.zones()) {
            String t = base + "/zone/" + Ids.of(zone);
            ObjectNode occupied =
                    entity(c, device, zone + " occupied", availability).put("state_topic", t + "/occupied");
            occupied.put("device_class", "occupancy").put("payload_on", "ON").put("payload_off", "OFF");
            out.add(entity(
                    s,
                    "binary_sensor",
                    device,
                    "zone_" + Ids.of(zone) + "_occupied",
                    occupied,
                    t + "/occupied",
                    "OFF"));
            ObjectNode count =
                    entity(c, device, zone + " objects", availability).put("state_topic", t + "/count");
            count.put("state_class", "measurement").put("icon", "mdi:account-group");
            out.add(entity(s, "sensor", device, "zone_" + Ids.of(zone) + "_count", count, t + "/count", "0"));
        }
        for (String line : c.lines()) {
            String t = base + "/line/" + Ids.of(line);
            ObjectNode today =
                    entity(c, device, line + " crossings today", availability).put("state_topic", t + "/crossings");
            today.put("state_class", "total_increasing").put("icon", "mdi:transit-connection-horizontal");
            out.add(entity(s, "sensor", device, "line_" + Ids.of(line) + "_crossings", today, t + "/crossings", "0"));
            ObjectNode crossing =
                    entity(c, device, line + " crossing", availability).put("state_topic", t + "/event");
            crossing.putArray("event_types").add("a-b").add("b-a");
            out.add(entity(s, "event", device, "line_" + Ids.of(line) + "_crossing", crossing, null, null));
        }
        if (c.motion()) {
            ObjectNode motion = entity(c, device, "motion", availability).put("state_topic", base + "/motion");
            motion.put("device_class", "motion").put("payload_on", "ON").put("payload_off", "OFF");
            out.add(entity(s, "binary_sensor", device, "motion", motion, base + "/motion", "OFF"));
        }
        if (!s.snapshotEvery().isZero()) {
            ObjectNode image = entity(c, device, "picture", availability).put("image_topic", base + "/snapshot");
            image.put("content_type", "image/jpeg");
            out.add(entity(s, "image", device, "picture", image, null, null));
        }
        return out;
    }

    private static Entity entity(
            HomeAssistantSettings s,
            String component,
            String device,
            String what,
            ObjectNode config,
            String stateTopic,
            String initial) {
        String id = device + "_" + what;
        config.put("unique_id", id);
        String topic = s.prefix() + "/" + component + "/" + Ids.of(s.node()) + "/" + id + "/config";
        return new Entity(topic, config.toString().getBytes(StandardCharsets.UTF_8), stateTopic, initial);
    }

    /** What every entity of the channel carries: its name, the device, availability. */
    private static ObjectNode entity(ChannelView c, String device, String name, String availability) {
        ObjectNode o = JSON.createObjectNode().put("name", name);
        o.put("availability_topic", availability)
                .put("payload_available", "online")
                .put("payload_not_available", "offline");
        ObjectNode d = o.putObject("device");
        d.putArray("identifiers").add(device);
        d.put("name", c.name()).put("manufacturer", "Evex").put("model", "Evex channel");
        return o;
    }
}
