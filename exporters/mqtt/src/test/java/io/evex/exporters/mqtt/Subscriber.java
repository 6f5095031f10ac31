package io.evex.exporters.mqtt;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** A real MQTT 5 subscriber (Paho) that records every message; it keeps its session across broker restarts. */
final class Subscriber implements AutoCloseable {

    record Received(String topic, byte[] payload, int qos, Map<String, String> userProperties) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final MqttClient client;

    Subscriber(int port, String filter, int qos) throws MqttException {
        client = new MqttClient("tcp://127.0.0.1:" + port, "test-subscriber-" + port, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        // A session that outlives a broker restart (the broker saves it), so messages meanwhile are kept for us.
        o.setCleanStart(false);
        o.setSessionExpiryInterval(600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 1);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                Map<String, String> props = new java.util.LinkedHashMap<>();
                MqttProperties p = m.getProperties();
                if (p != null && p.getUserProperties() != null) {
                    for (UserProperty u : p.getUserProperties()) {
                        props.put(u.getKey(), u.getValue());
                    }
                }
                received.add(new Received(topic, m.getPayload(), m.getQos(), props));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {}

            @Override
            public void connectComplete(boolean reconnect, String uri) {}

            @Override
            public void authPacketArrived(int code, MqttProperties p) {}
        });
        client.connect(o);
        client.subscribe(filter, qos);
    }

    /** Waits until {@code done} holds (true) or the time is up (false). */
    static boolean await(BooleanSupplier done, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
