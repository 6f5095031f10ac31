package io.evex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.Exporter;
import io.evex.api.delivery.OverflowPolicy;
import io.evex.exporters.mqtt.MqttExporterFactory;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.bus.queue.Spool;
import io.evex.runtime.exporter.RuntimeExporterContext;
import io.evex.schemas.convert.Converters;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The MQTT benchmark of issue 5: events/s of ~500-byte events to a local Mosquitto (started here,
 * on a free port) at QoS 0 and 1 through the runtime and the MQTT exporter, next to a bare Paho
 * async loop with up to 1,000 messages in flight publishing the same payloads in the same run;
 * and the spool's write and replay rates.
 */
final class MqttBench {

    private final BenchEvents events;
    private final long count;
    private final int runs;
    private final Path dir;
    private byte[][] payloads;
    private int port;
    private long brokerPid;
    private final Map<String, Map<String, Double>> profiles = new LinkedHashMap<>();

    MqttBench(BenchEvents events, long count, int runs, Path dir) {
        this.events = events;
        this.count = count;
        this.runs = runs;
        this.dir = dir;
    }

    void all() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        payloads = new byte[4096][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = mapper.writeValueAsBytes(events.get(i));
        }
        Process broker = startBroker();
        brokerPid = broker.pid();
        try {
            System.out.printf(
                    "Evex MQTT benchmark: %,d events of ~%d bytes per run, median of %d runs, local mosquitto on port %d%n%n",
                    count, events.averageBytes(), runs, port);
            for (int qos : new int[] {0, 1}) {
                double bare = median(() -> bare(qos, false));
                double same = median(() -> bare(qos, true));
                double evex = median(() -> evex(qos));
                System.out.printf(
                        "QoS %d: bare Paho async (1000 in flight) %,10.0f events/s | Evex MQTT exporter %,10.0f events/s | ratio %.2f%n",
                        qos, bare, evex, evex / bare);
                System.out.printf(
                        "       bare, same MQTT 5 properties as Evex %,8.0f events/s |                                     ratio %.2f%n",
                        same, evex / same);
            }
            System.out.println("CPU per event by thread, last run of each (µs):");
            profiles.forEach((run, groups) -> {
                StringBuilder line = new StringBuilder("  ").append(run).append(':');
                groups.forEach((thread, us) -> line.append(String.format(" %s %.1f;", thread, us)));
                System.out.println(line);
            });
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
        double serialise = median(() -> {
            com.fasterxml.jackson.databind.ObjectWriter w = mapper.writer();
            long t0 = System.nanoTime();
            long bytes = 0;
            for (long i = 0; i < count; i++) {
                bytes += w.writeValueAsBytes(events.get(i)).length;
            }
            return bytes > 0 ? count / ((System.nanoTime() - t0) / 1e9) : 0;
        });
        System.out.printf(
                "(for scale: serialising the events, which the bare loop never does, runs at %,.0f events/s on one core)%n",
                serialise);
        spool();
    }

    private interface Run {
        double rate() throws Exception;
    }

    private double median(Run run) throws Exception {
        run.rate();
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            rates[i] = run.rate();
        }
        Arrays.sort(rates);
        return rates[runs / 2];
    }

    private Process startBroker() throws Exception {
        Path bdir = Files.createDirectories(dir.resolve("mosquitto"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = bdir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        + "max_inflight_messages 1000\nmax_queued_messages 1000000\n");
        Process p = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(bdir.resolve("out.txt").toFile())
                .start();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (java.io.IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not start (apt-get install mosquitto)");
    }

    /** Paho v5 async, the same payloads and topics, at most 1,000 unacknowledged publishes. */
    private double bare(int qos, boolean properties) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "bench-bare", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        client.connect(o).waitForCompletion(5000);
        Semaphore window = new Semaphore(1000);
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
                window.release();
            }
        };
        ThreadCpu cpu = ThreadCpu.start(brokerPid);
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            window.acquire();
            if (properties) {
                // what the exporter sends besides the payload: the event's type and version, and the content type
                MqttMessage m = new MqttMessage(payloads[(int) (i % payloads.length)]);
                m.setQos(qos);
                MqttProperties p = new MqttProperties();
                p.setUserProperties(List.of(new UserProperty("$id", "track"), new UserProperty("$version", "2")));
                p.setContentType("application/json");
                m.setProperties(p);
                client.publish("evex/camera-" + (i % 8) + "/track", m, null, release);
            } else {
                client.publish(
                        "evex/camera-" + (i % 8) + "/track",
                        payloads[(int) (i % payloads.length)],
                        qos,
                        false,
                        null,
                        release);
            }
        }
        window.acquire(1000);
        long t1 = System.nanoTime();
        profiles.put("bare" + (properties ? " + properties" : "") + " QoS " + qos, cpu.perEvent(count));
        client.disconnect().waitForCompletion(5000);
        client.close();
        return count / ((t1 - t0) / 1e9);
    }

    /** The runtime: bus → worker → MQTT exporter, until the broker confirmed (QoS 1) or took (QoS 0) every event. */
    private double evex(int qos) throws Exception {
        MqttExporterFactory factory = new MqttExporterFactory();
        Exporter exporter = factory.create();
        RuntimeExporterContext ctx = new RuntimeExporterContext(
                "mqtt",
                factory.settings()
                        .resolve(Map.of(
                                "port",
                                port,
                                "qos",
                                qos,
                                "topic",
                                "evex/{obj.channel}/{obj.$id}",
                                "client_id",
                                "bench-evex")),
                Map.of("track", 2),
                dir,
                Clock.systemUTC());
        exporter.start(ctx);
        ExporterWorker worker = ExporterWorker.builder("mqtt", exporter)
                .kind("bench")
                .negotiated(Map.of("track", 2))
                .queue(new QueueSettings(10_000, OverflowPolicy.BLOCK))
                .counters(ctx::counterValues)
                .build();
        EventBus bus = new EventBus(List.of(worker), Converters.builtIn(), false);
        worker.start();
        ThreadCpu cpu = ThreadCpu.start(brokerPid);
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            bus.publish(events.get(i), "track", 2);
        }
        while (ctx.counterValues().getOrDefault("published", 0L) < count) {
            Thread.sleep(1);
        }
        long t1 = System.nanoTime();
        profiles.put("Evex QoS " + qos, cpu.perEvent(count));
        bus.close(30_000);
        return count / ((t1 - t0) / 1e9);
    }

    /** Writes {@code count} events' bytes to a fresh spool, then reads and commits them back in batches of 256. */
    private void spool() throws Exception {
        Path sdir = dir.resolve("spool-bench");
        double[] write = new double[runs];
        double[] replay = new double[runs];
        for (int r = 0; r < runs; r++) {
            try (var files = Files.exists(sdir) ? Files.list(sdir) : java.util.stream.Stream.<Path>empty()) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            try (Spool spool = new Spool(sdir, 8L << 30, true)) {
                long t0 = System.nanoTime();
                for (long i = 0; i < count; i++) {
                    spool.append(payloads[(int) (i % payloads.length)]);
                }
                long t1 = System.nanoTime();
                while (!spool.isEmpty()) {
                    spool.commit(spool.peek(256).size());
                }
                long t2 = System.nanoTime();
                write[r] = count / ((t1 - t0) / 1e9);
                replay[r] = count / ((t2 - t1) / 1e9);
            }
        }
        Arrays.sort(write);
        Arrays.sort(replay);
        System.out.printf(
                "spool: write %,.0f events/s, replay (read + commit) %,.0f events/s%n",
                write[runs / 2], replay[runs / 2]);
    }
}
