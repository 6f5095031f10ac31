package io.evex.exporters.mqtt;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Home Assistant's messages on whatever link the exporter has up now: they need no delivery
 * bookkeeping of their own, since every config and state is sent again on the next connection.
 */
final class LinkOut implements HomeAssistant.Out {

    private final Supplier<BrokerLink> link;

    LinkOut(Supplier<BrokerLink> link) {
        this.link = link;
    }

    @Override
    public boolean publish(String topic, byte[] payload, boolean retain) {
        BrokerLink l = link.get();
        if (l == null || !l.connected()) {
            return false;
        }
        try {
            l.publishPlain(topic, payload, retain);
            return true;
        } catch (BrokerLink.BrokerException e) {
            return false;
        }
    }

    @Override
    public boolean subscribe(String filter, BiConsumer<String, byte[]> messages) {
        BrokerLink l = link.get();
        if (l == null || !l.connected()) {
            return false;
        }
        try {
            l.subscribe(filter, messages);
            return true;
        } catch (BrokerLink.BrokerException e) {
            return false;
        }
    }
}
