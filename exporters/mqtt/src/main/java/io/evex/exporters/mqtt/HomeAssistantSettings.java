package io.evex.exporters.mqtt;

import java.time.Duration;

/**
 * Home Assistant discovery in the {@code mqtt} exporter.
 *
 * @param enabled {@code home_assistant}
 * @param prefix {@code discovery_prefix}: where Home Assistant listens for configs
 * @param node {@code node_id}: this runtime in unique ids and topics (the host name by default)
 * @param snapshotEvery how often the image entity gets the channel's picture; zero for no image entity
 */
record HomeAssistantSettings(boolean enabled, String prefix, String node, Duration snapshotEvery) {

    static final HomeAssistantSettings OFF = new HomeAssistantSettings(false, "homeassistant", "evex", Duration.ZERO);
}
