package io.evex.exporters.nats;

import io.evex.api.ExporterFactory;
import io.evex.testkit.ExporterContractTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The lifecycle contract against Debian's nats-server with JetStream, which the undelivered() test stops half-way. */
class NatsExporterContractTest extends ExporterContractTest {

    private NatsServer nats;

    @BeforeEach
    void startNats() throws Exception {
        nats = new NatsServer(dir.resolve("nats")).start();
    }

    @AfterEach
    void stopNats() throws Exception {
        nats.close();
    }

    @Override
    protected ExporterFactory factory() {
        return new NatsExporterFactory();
    }

    @Override
    protected Map<String, Object> settings(Path dir) {
        return Map.of("servers", nats.url(), "ack_timeout_ms", 1_000, "connect_timeout_ms", 1_000);
    }

    @Override
    protected void destinationDown() throws Exception {
        nats.stop();
    }

    @Override
    protected void destinationUp() throws Exception {
        nats.start();
    }
}
