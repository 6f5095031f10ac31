package io.evex.exporters.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/** An MQTT 5 link: user properties carry each event's {@code $id} and {@code $version}. */
final class Mqtt5Link implements BrokerLink {

    private static final int BAD_CREDENTIALS = 0x86;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BANNED = 0x8A;

    private final MqttSettings settings;
    private final SocketFactory sockets;
    private MqttAsyncClient client;
    /** Where the messages of {@link #subscribe} go; null before it. */
    private volatile java.util.function.BiConsumer<String, byte[]> messages;

    private volatile boolean lost;
    /** Publishing happens on the exporter's thread only. */
    private final Map<String, Map<Integer, List<UserProperty>>> userPropertiesByType = new HashMap<>();

    Mqtt5Link(MqttSettings settings, SocketFactory sockets) {
        this.settings = settings;
        this.sockets = sockets;
    }

    @Override
    public int connect() throws BrokerException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(settings.cleanStart());
        if (settings.sessionExpirySeconds() > 0) {
            o.setSessionExpiryInterval(settings.sessionExpirySeconds());
        }
        o.setKeepAliveInterval(settings.keepAliveSeconds());
        o.setConnectionTimeout(Math.max(1, settings.connectTimeoutMs() / 1000));
        o.setAutomaticReconnect(false);
        o.setSocketFactory(sockets);
        if (settings.uris().length > 1) {
            o.setServerURIs(settings.uris());
        }
        o.setHttpsHostnameVerificationEnabled(settings.tlsVerify());
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(new String(settings.password()).getBytes(StandardCharsets.UTF_8));
        }
        if (!settings.statusTopic().isEmpty()) {
            MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true, null);
            o.setWill(settings.statusTopic(), will);
        }
        try {
            client = new MqttAsyncClient(settings.uri(), settings.clientId(), new MemoryPersistence());
            client.setCallback(new Callback());
            IMqttToken token = client.connect(o);
            token.waitForCompletion(settings.connectTimeoutMs() + 1000L);
            if (!client.isConnected()) {
                close();
                throw new BrokerException(
                        "cannot connect to " + settings.uri() + ": no answer within " + settings.connectTimeoutMs()
                                + " ms",
                        false,
                        null);
            }
            if (!settings.statusTopic().isEmpty()) {
                client.publish(settings.statusTopic(), "online".getBytes(StandardCharsets.UTF_8), 1, true);
            }
            MqttProperties props = token.getResponseProperties();
            Integer receiveMaximum = props == null ? null : props.getReceiveMaximum();
            return receiveMaximum == null ? 65_535 : receiveMaximum;
        } catch (MqttException e) {
            close();
            int code = e.getReasonCode();
            boolean tls = causedBySsl(e);
            boolean permanent = code == BAD_CREDENTIALS || code == NOT_AUTHORIZED || code == BANNED || tls;
            String why = code == BAD_CREDENTIALS || code == NOT_AUTHORIZED
                    ? "bad user name or password, or not authorised"
                    : code == BANNED ? "banned by the broker" : tls ? "TLS failed: " + rootMessage(e) : rootMessage(e);
            throw new BrokerException("cannot connect to " + settings.uri() + ": " + why, permanent, e);
        }
    }

    static boolean causedBySsl(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? m : e.getMessage() + " (" + m + ")";
    }

    @Override
    public void publish(
            String topic, byte[] payload, int qos, boolean retain, String type, int version, Outcome outcome)
            throws BrokerException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retain);
        m.setProperties(properties(type, version));
        try {
            client.publish(topic, m, null, new MqttActionListener() {
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
            throw new BrokerException("publish to " + topic + " failed: " + rootMessage(e), false, e);
        }
    }

    /**
     * The properties of a message: new for each (Paho writes the topic alias into them when it
     * sends), around the user properties of its type and version, made once and shared.
     */
    private MqttProperties properties(String type, int version) {
        List<UserProperty> user = userPropertiesByType
                .computeIfAbsent(type, t -> new HashMap<>())
                .computeIfAbsent(
                        version,
                        v -> List.of(new UserProperty("$id", type), new UserProperty("$version", Integer.toString(v))));
        MqttProperties p = new MqttProperties();
        p.setUserProperties(user);
        p.setContentType("application/json");
        return p;
    }

    @Override
    public void publishPlain(String topic, byte[] payload, boolean retain) throws BrokerException {
        try {
            client.publish(topic, payload, 1, retain);
        } catch (MqttException e) {
            throw new BrokerException("publish to " + topic + " failed: " + rootMessage(e), false, e);
        }
    }

    @Override
    public void subscribe(String filter, java.util.function.BiConsumer<String, byte[]> messages)
            throws BrokerException {
        this.messages = messages;
        try {
            client.subscribe(filter, 1);
        } catch (MqttException e) {
            throw new BrokerException("subscribe to " + filter + " failed: " + rootMessage(e), false, e);
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

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            lost = true;
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            java.util.function.BiConsumer<String, byte[]> m = messages;
            if (m != null) {
                m.accept(topic, message.getPayload());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
