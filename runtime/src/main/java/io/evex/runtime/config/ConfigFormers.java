package io.evex.runtime.config;

import static io.evex.api.Former.millis;
import static io.evex.api.Former.renamed;
import static io.evex.api.Former.seconds;

import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.vocabulary.FormerKeys;

/**
 * The configuration file's former key names (numbers of {@code _ms}, {@code _s}, {@code seconds};
 * {@code bootstrap}; {@code max_inflight}) and where each may appear. Exporter settings have their
 * own, declared by each kind ({@link io.evex.api.SettingsSpec#formers()}).
 */
final class ConfigFormers {

    static final FormerKeys TABLE = FormerKeys.none()
            .at("/channels/*", millis("timeout_ms", "timeout"), millis("statistics_interval_ms", "statistics_interval"))
            .at("/channels/*/cache", seconds("seconds", "duration"))
            .at("/channels/*/motion", millis("cooldown_ms", "cooldown"))
            .at("/channels/*/reconnect", millis("initial_ms", "initial"), millis("max_ms", "max"))
            .at("/channels/*/tracker", millis("update_ms", "update_interval"))
            .at("/channels/*/http_extension", millis("timeout_ms", "timeout"), renamed("max_inflight", "max_in_flight"))
            .at("/channels/*/crops", millis("every_ms", "every"))
            .at("/channels/*/zones/*", seconds("loitering_s", "loitering"))
            .at("/cluster", ClusterSettings.FORMERS)
            .at("/exporters/*/retry", RetrySettings.FORMERS)
            .at("/preprocess/*", millis("timeout_ms", "timeout"))
            .at("/preprocess/*/restart", RetrySettings.FORMERS);

    private ConfigFormers() {}
}
