package io.evex.bench.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Issue 27's kill drill: events go into Evex at {@code rate}/s over {@code POST /api/v1/events}
 * (ids {@code drill-<n>}), out to MQTT QoS 1, Kafka and a JSON file, all on durable queues. The drill
 * restarts the broker and kills Evex with SIGKILL {@code kills} times at random moments, starting it
 * again each time. An event whose POST was answered 202 was on disk in every durable queue before
 * the answer, so it must arrive at every sink: the drill counts each sink by id and reports the
 * missing (must be 0) and the duplicates (bounded by what was in flight at each kill).
 */
public final class KillDrill {

    static final String PREFIX = "drill-";
    private static final String TOKEN = "drill-admin-token-0123456789";

    private final Path root;
    private final Path dir;
    private final int kills;
    private final int rate;
    private final long seed;
    /** false: the queues of before issue 27 (memory, then the spool), to see what the drill catches. */
    private final boolean durable = !"false".equals(System.getProperty("drill.durable"));

    public KillDrill(Path root, Path dir, int kills, int rate, long seed) {
        this.root = root;
        this.dir = dir.toAbsolutePath().resolve("kill-drill");
        this.kills = kills;
        this.rate = rate;
        this.seed = seed;
    }

    /** Runs the drill; returns the events missing at the sinks (0 is a pass). */
    public long run() throws Exception {
        Random random = new Random(seed);
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            old.forEach(KillDrill::delete);
        }
        System.out.printf(
                "Evex kill drill: %d events/s over HTTP into MQTT QoS 1, Kafka and JSON (%s queues), %d kills -9, seed %d%n%n",
                rate, durable ? "durable" : "memory", kills, seed);
        IdCounter mqttIds = new IdCounter(PREFIX);
        IdCounter kafkaIds = new IdCounter(PREFIX);
        try (Kafka kafka = new Kafka(dir.resolve("kafka"), "drill", 4);
                Mosquitto broker = new Mosquitto(dir.resolve("mosquitto")).start();
                MqttCounter mqtt = new MqttCounter(broker.port(), "drill/#", mqttIds::add);
                KafkaCounter kafkaCounter = new KafkaCounter(kafka.bootstrap(), "drill", kafkaIds::add)) {
            Path work = Files.createDirectories(dir.resolve("evex"));
            Path config = work.resolve("drill.yaml");
            Files.writeString(config, config(broker.port(), kafka.bootstrap()));
            EvexProcess evex = new EvexProcess(root, work, config, TOKEN).start();
            Poster poster = new Poster(evex, rate);
            poster.start();
            List<String> timeline = disturb(evex, broker, poster, random);
            Thread.sleep(5_000);
            poster.stop();
            BitSet acked = poster.acked();
            Path json = work.resolve("out");
            IdCounter jsonIds = new IdCounter(PREFIX);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline
                    && (mqttIds.missing(acked) > 0
                            || kafkaIds.missing(acked) > 0
                            || (jsonIds = count(json)).missing(acked) > 0)) {
                Thread.sleep(500);
            }
            evex.close();
            jsonIds = count(json);
            timeline.forEach(System.out::println);
            long missing = report(
                    acked,
                    poster,
                    List.of(new Sink("mqtt", mqttIds), new Sink("kafka", kafkaIds), new Sink("json", jsonIds)));
            System.out.printf(
                    "%nbroker restarts: %d, subscriber reconnects: %d, evex starts: %d; evex log: %s%n",
                    broker.restarts(), mqtt.reconnects(), evex.starts(), work.resolve("evex.log"));
            System.out.println(
                    missing == 0
                            ? "PASS: nothing acknowledged was lost"
                            : "FAIL: " + missing + " acknowledged events lost");
            return missing;
        }
    }

    /** The table of sinks; returns the acknowledged events missing at them. */
    private long report(BitSet acked, Poster poster, List<Sink> sinks) {
        System.out.printf(
                "%nacknowledged (202): %,d events; POSTs cut off by a kill (outcome unknown): %,d events%n%n",
                acked.cardinality(), poster.unknown());
        System.out.printf("%-6s %12s %12s %10s %12s%n", "sink", "received", "distinct", "missing", "duplicates");
        long missing = 0;
        for (Sink sink : sinks) {
            long m = sink.ids.missing(acked);
            missing += m;
            System.out.printf(
                    "%-6s %,12d %,12d %,10d %,12d%s%n",
                    sink.name,
                    sink.ids.received(),
                    sink.ids.distinct(),
                    m,
                    sink.ids.duplicates(),
                    m > 0 ? "   first missing: " + PREFIX + sink.ids.firstMissing(acked) : "");
        }
        System.out.printf(
                "duplicates are bounded by what was unconfirmed at each kill: at most mqtt max_in_flight (1000),"
                        + " kafka's pending records (20000) or json's events since its last flush, and the 5 ms"
                        + " before the last saved cursor, per kill (%d kills)%n",
                kills);
        return missing;
    }

    /** Kills Evex {@code kills} times at random moments, stopping or restarting the broker around some; the timeline. */
    private List<String> disturb(EvexProcess evex, Mosquitto broker, Poster poster, Random random) throws Exception {
        List<String> timeline = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int k = 1; k <= kills; k++) {
            long wait = 3_000 + random.nextInt(6_000);
            // Odd kills: in the middle of a steady stream. Even kills: while the broker is away, so
            // that MQTT's events pile up in Evex; the broker comes back after Evex does.
            boolean brokerAway = k % 2 == 0;
            if (k == 3) {
                Thread.sleep(wait / 2);
                broker.restart(Duration.ofMillis(500 + random.nextInt(1_500))); // and once on its own
                timeline.add(String.format("%6.1f s  broker restarted", seconds(t0)));
                Thread.sleep(wait / 2);
            } else {
                Thread.sleep(wait);
            }
            if (brokerAway) {
                broker.stop();
                timeline.add(String.format("%6.1f s  broker stopped", seconds(t0)));
                Thread.sleep(1_000 + random.nextInt(2_000));
            }
            long acked = poster.acked().cardinality();
            String pending = pending(evex);
            evex.kill9();
            timeline.add(String.format(
                    "%6.1f s  kill -9 #%d (%,d events acknowledged so far; on disk unconfirmed just before: %s)",
                    seconds(t0), k, acked, pending));
            Thread.sleep(200 + random.nextInt(1_500));
            evex.start();
            timeline.add(String.format("%6.1f s  evex started again", seconds(t0)));
            if (brokerAway) {
                broker.start();
                timeline.add(String.format("%6.1f s  broker started again", seconds(t0)));
            }
        }
        return timeline;
    }

    private record Sink(String name, IdCounter ids) {}

    /** Each exporter's events on disk not confirmed yet, from the status. */
    private static String pending(EvexProcess evex) {
        try {
            StringBuilder out = new StringBuilder();
            evex.status()
                    .path("exporters")
                    .forEach(e -> out.append(out.length() > 0 ? ", " : "")
                            .append(e.path("name").asText())
                            .append(' ')
                            .append(e.path("details").path("spool_pending").asLong()));
            return out.toString();
        } catch (IOException | InterruptedException e) {
            return "(status not read: " + e.getMessage() + ")";
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private String config(int mqttPort, String kafka) {
        return String.join(
                "\n",
                "http: {admin_token: " + TOKEN + "}",
                "source: {type: synthetic, channels: [background], events_per_second: 1}",
                "exporters:",
                "  - {name: mqtt, type: mqtt, settings: {servers: \"127.0.0.1:" + mqttPort
                        + "\", topic: \"drill/{obj.channel}\", qos: 1}, queue: {durable: " + durable + "}}",
                "  - {name: kafka, type: kafka, settings: {servers: \"" + kafka + "\", topic: drill}, queue: {durable: "
                        + durable + "}}",
                "  - {name: json, type: json, settings: {path: out/events.jsonl}, queue: {durable: " + durable + "}}",
                "");
    }

    /** Every drill id in the JSON exporter's files (a line torn by a kill still shows its id). */
    private static IdCounter count(Path folder) throws IOException {
        IdCounter ids = new IdCounter(PREFIX);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    try (Stream<String> lines = Files.lines(f)) {
                        lines.forEach(line -> {
                            for (String part : line.split("\\}\\{")) {
                                ids.add(part); // two events on one line: a torn line followed by the next start's
                            }
                        });
                    }
                }
            }
        }
        return ids;
    }

    private static void delete(Path p) {
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a fresh run
        }
    }
}
