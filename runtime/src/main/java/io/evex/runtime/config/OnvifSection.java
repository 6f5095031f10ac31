package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.Durations;
import io.evex.runtime.onvif.OnvifSettings;
import io.evex.schemas.ProblemException;

/** The {@code onvif} block (its shape checked by the schema): off unless {@code enabled}. */
final class OnvifSection {

    private OnvifSection() {}

    static OnvifSettings read(JsonNode o, Section at) throws ProblemException {
        OnvifSettings d = OnvifSettings.OFF;
        if (!o.isObject()) {
            return d;
        }
        try {
            return new OnvifSettings(
                    o.path("enabled").asBoolean(true),
                    o.path("name").asText(d.name()),
                    o.path("location").asText(d.location()),
                    o.path("max_subscriptions").asInt(d.maxSubscriptions()),
                    o.path("subscription_queue").asInt(d.subscriptionQueue()),
                    o.has("max_subscription_time")
                            ? Durations.parse(o.get("max_subscription_time").asText())
                            : d.maxSubscriptionTime());
        } catch (IllegalArgumentException e) {
            throw at.problem(o, "/onvif", e.getMessage());
        }
    }
}
