package io.evex.exporters.nats;

import io.evex.runtime.testing.Waits;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code nats-server} with JetStream, started by the test on a free port, its store in a test folder. */
final class NatsServer implements AutoCloseable {

    private final Path store;
    private final int port;
    private Process process;

    NatsServer(Path store) throws IOException {
        this.store = store;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    NatsServer start() throws Exception {
        Path binary = Path.of("/usr/sbin/nats-server");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("nats-server is needed: apt-get install nats-server");
        }
        Files.createDirectories(store);
        process = new ProcessBuilder(List.of(
                        binary.toString(),
                        "-js",
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-sd",
                        store.toString()))
                .redirectErrorStream(true)
                .redirectOutput(store.resolveSibling("nats-server.log").toFile())
                .start();
        Waits.listening("nats-server", port, Duration.ofSeconds(10));
        return this;
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
