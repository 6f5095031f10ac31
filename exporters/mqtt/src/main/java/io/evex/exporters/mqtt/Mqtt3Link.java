package io.evex.exporters.mqtt;

import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An MQTT 3.1.1 link, for brokers and bridges that do not speak MQTT 5 (no user properties there). */
final class Mqtt3Link implements BrokerLink {

    private final MqttSettings settings;
    private final SocketFactory sockets;
    private MqttAsyncClient client;
    /** Where the messages of {@link #subscribe} go; null before it. */
    private volatile java.util.function.BiConsumer<String, byte[]> messages;

    private volatile boolean lost;

    Mqtt3Link(MqttSettings settings, SocketFactory sockets) {
        this.settings = settings;
        this.sockets = sockets;
    }

    @Override
    public int connect() throws BrokerException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(settings.cleanStart());
        o.setKeepAliveInterval(settings.keepAliveSeconds());
        o.setConnectionTimeout(Math.max(1, settings.connectTimeoutMs() / 1000));
        o.setAutomaticReconnect(false);
        o.setMaxInflight(settings.maxInFlight());
        o.setSocketFactory(sockets);
        if (settings.uris().length > 1) {
            o.setServerURIs(settings.uris());
        }
        o.setHttpsHostnameVerificationEnabled(settings.tlsVerify());
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password());
        }
        if (!settings.statusTopic().isEmpty()) {
            o.setWill(settings.statusTopic(), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
        }
        try {
            client = new MqttAsyncClient(settings.uri(), settings.clientId(), new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost = true;
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    java.util.function.BiConsumer<String, byte[]> m = messages;
                    if (m != null) {
                        m.accept(topic, message.getPayload());
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            client.connect(o).waitForCompletion(settings.connectTimeoutMs() + 1000L);
            if (!settings.statusTopic().isEmpty()) {
                client.publish(settings.statusTopic(), "online".getBytes(StandardCharsets.UTF_8), 1, true);
            }
            return settings.maxInFlight();
        } catch (MqttException e) {
            close();
            int code = e.getReasonCode();
            boolean auth = code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || code == MqttException.REASON_CODE_NOT_AUTHORIZED;
            boolean tls = Mqtt5Link.causedBySsl(e);
            String why = auth
                    ? "bad user name or password, or not authorised"
                    : tls ? "TLS failed: " + Mqtt5Link.rootMessage(e) : Mqtt5Link.rootMessage(e);
            throw new BrokerException("cannot connect to " + settings.uri() + ": " + why, auth || tls, e);
        }
    }

    @Override
    public void publish(
            String topic, byte[] payload, int qos, boolean retain, String type, int version, Outcome outcome)
            throws BrokerException {
        try {
            client.publish(topic, payload, qos, retain, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    outcome.done(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    outcome.done(failure == null ? new IllegalStateException("publish failed") : failure);
                }
            });
        } catch (MqttException e) {
            throw new BrokerException("publish to " + topic + " failed: " + Mqtt5Link.rootMessage(e), false, e);
        }
    }

    @Override
    public void publishPlain(String topic, byte[] payload, boolean retain) throws BrokerException {
        try {
            client.publish(topic, payload, 1, retain);
        } catch (MqttException e) {
            throw new BrokerException("publish to " + topic + " failed: " + Mqtt5Link.rootMessage(e), false, e);
        }
    }

    @Override
    public void subscribe(String filter, java.util.function.BiConsumer<String, byte[]> messages)
            throws BrokerException {
        this.messages = messages;
        try {
            client.subscribe(filter, 1);
        } catch (MqttException e) {
            throw new BrokerException("subscribe to " + filter + " failed: " + Mqtt5Link.rootMessage(e), false, e);
        }
    }

    @Override
    public boolean connected() {
        // Paho's own isConnected() takes a lock its I/O threads hold: asking per message slows the pipeline.
        return !lost && client != null;
    }

    @Override
    public void close() {
        lost = true;
        if (client != null) {
            BrokerLink.closeClient(
                    client::isConnected,
                    !settings.statusTopic().isEmpty(),
                    () -> client.publish(settings.statusTopic(), "offline".getBytes(StandardCharsets.UTF_8), 1, true)
                            .waitForCompletion(1000),
                    () -> client.disconnect(1000).waitForCompletion(1500),
                    () -> client.close(true));
        }
    }
}
