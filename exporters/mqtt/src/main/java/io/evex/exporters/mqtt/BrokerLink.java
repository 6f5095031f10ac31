package io.evex.exporters.mqtt;

import java.util.function.BooleanSupplier;

/** One connection to a broker, MQTT 5 or 3.1.1; a lost link is replaced by a new one, never reused. */
interface BrokerLink extends AutoCloseable {

    /** Receives the outcome of one publish, on a Paho thread. */
    interface Outcome {
        void done(Throwable failure);
    }

    /**
     * Connects (blocking, at most the connect time-out).
     *
     * @return the most messages the broker accepts in flight at once
     * @throws BrokerException saying whether retrying can help
     */
    int connect() throws BrokerException;

    /** Starts a publish; the outcome arrives later. */
    void publish(String topic, byte[] payload, int qos, boolean retain, String type, int version, Outcome outcome)
            throws BrokerException;

    /**
     * Publishes a message of Evex's own (Home Assistant's configs and states) at QoS 1, with no
     * event properties; safe from any thread.
     */
    void publishPlain(String topic, byte[] payload, boolean retain) throws BrokerException;

    /**
     * Subscribes to {@code filter} at QoS 1; its messages, retained ones first, go to {@code
     * messages} on a Paho thread (one subscriber per link).
     */
    void subscribe(String filter, java.util.function.BiConsumer<String, byte[]> messages) throws BrokerException;

    /** Whether the link is up (false once the broker dropped it). */
    boolean connected();

    @Override
    void close();

    /** One step of closing a client; it may fail when the broker is gone already. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * Closes a Paho client of either version politely, each step best effort: says "offline" on the
     * status topic (a clean stop sends no Last Will), disconnects, then releases the client.
     */
    static void closeClient(
            BooleanSupplier connected, boolean hasStatusTopic, Step sayOffline, Step disconnect, Step release) {
        if (hasStatusTopic && connected.getAsBoolean()) {
            quietly(sayOffline);
        }
        if (connected.getAsBoolean()) {
            quietly(disconnect);
        }
        quietly(release);
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception ignored) {
            // closing anyway: the broker may be gone, the client closed already
        }
    }

    /** Why the broker could not be reached or refused us. */
    final class BrokerException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean permanent;

        BrokerException(String message, boolean permanent, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        /** Authentication, authorisation or TLS trust: retrying the same settings cannot help. */
        boolean permanent() {
            return permanent;
        }
    }
}
