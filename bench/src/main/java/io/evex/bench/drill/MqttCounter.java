package io.evex.bench.drill;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A QoS 1 subscriber with a persistent session (the broker keeps what arrives while it is away,
 * across broker restarts) that reconnects by itself and counts every event by id.
 */
public final class MqttCounter implements AutoCloseable {

    private final MqttAsyncClient client;
    private final Consumer<String> ids;
    private final String filter;
    private volatile long reconnects;

    public MqttCounter(int port, String filter, Consumer<String> ids) throws MqttException {
        this.ids = ids;
        this.filter = filter;
        this.client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "evex-drill-counter", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                ids.accept(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String uri) {
                if (reconnect) {
                    reconnects++;
                }
                try {
                    client.subscribe(filter, 1);
                } catch (MqttException e) {
                    // the next reconnect subscribes again
                }
            }

            @Override
            public void authPacketArrived(int reason, MqttProperties properties) {}
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        o.setReceiveMaximum(1000);
        client.connect(o).waitForCompletion(10_000);
    }

    public long reconnects() {
        return reconnects;
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
