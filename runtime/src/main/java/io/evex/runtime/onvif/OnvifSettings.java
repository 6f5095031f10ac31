package io.evex.runtime.onvif;

import java.time.Duration;

/**
 * The {@code onvif:} block.
 *
 * @param enabled whether the HTTP server answers ONVIF at {@code /onvif/device_service}
 * @param name the device's name (its model in {@code GetDeviceInformation}, a scope)
 * @param location where it stands (a scope), empty for none
 * @param maxSubscriptions pull-point subscriptions held at once; one more is refused with a fault
 * @param subscriptionQueue messages a subscription keeps between two pulls; beyond, the oldest go (counted)
 * @param maxSubscriptionTime the longest a subscription lives without a renewal, whatever a client asks
 */
public record OnvifSettings(
        boolean enabled,
        String name,
        String location,
        int maxSubscriptions,
        int subscriptionQueue,
        Duration maxSubscriptionTime) {

    public static final OnvifSettings OFF = new OnvifSettings(false, "Evex", "", 16, 256, Duration.ofHours(1));

    /** The defaults, switched on ({@code evex run --onvif}). */
    public OnvifSettings on() {
        return new OnvifSettings(true, name, location, maxSubscriptions, subscriptionQueue, maxSubscriptionTime);
    }
}
