package io.evex.exporters.mqtt;

import io.evex.api.ExporterFactory;
import io.evex.runtime.testing.Mosquitto;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The lifecycle contract against a real Mosquitto, which the undelivered() test stops half-way. */
class MqttExporterContractTest extends ExporterContractTest {

    private Mosquitto broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = new Mosquitto(dir.resolve("broker"), List.of()).start();
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    @Override
    protected ExporterFactory factory() {
        return new MqttExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of(
                "port", broker.port(), "qos", 1, "client_id", "contract-" + System.nanoTime(), "reconnect_max_ms", 500);
    }

    @Override
    protected void destinationDown() throws Exception {
        broker.stop(true);
    }

    @Override
    protected void destinationUp() throws Exception {
        broker.start();
    }
}
