package io.evex.bench.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 27's soak: Evex with everything on for {@code --minutes} (60 here; days elsewhere), sampled
 * every minute into {@code soak.csv} and {@code soak.svg}. Eight channels (six files, two RTSP
 * cameras served by a second Evex that is stopped every 3 minutes) with detection, tracking, rules
 * and crops; MQTT (the broker restarted every 5 minutes), Kafka, the event store, MP4 with
 * retention, HLS, RTSP and a process exporter that crashes every 2 minutes; 20 HTTP pollers, 5 MJPEG
 * viewers, 2 SSE streams, 4 HLS players and 4 RTSP clients. At the end: the heap's slope, and every
 * event of the JSON exporter (durable) looked up at the MQTT subscriber.
 */
public final class SoakDrill {

    private static final String TOKEN = "soak-admin-token-0123456789";

    private final Path root;
    private final Path dir;
    private final int minutes;
    private final Path model;

    public SoakDrill(Path root, Path dir, int minutes) {
        this.root = root;
        this.dir = dir.toAbsolutePath().resolve("soak");
        this.minutes = minutes;
        this.model = root.resolve("../shared/models/yolox_nano.onnx").normalize();
    }

    /** Runs the soak; returns whether it held (flat heap, nothing lost at the MQTT subscriber). */
    public boolean run() throws Exception {
        fresh(dir);
        System.out.printf(
                "Evex soak: %d minutes, 8 channels with detection, every exporter and client on, %d cores%n%n",
                minutes, Runtime.getRuntime().availableProcessors());
        EventIds mqttIds = new EventIds();
        EventIds kafkaIds = new EventIds();
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        try (Kafka kafka = new Kafka(dir.resolve("kafka"), "soak", 4);
                Mosquitto broker = new Mosquitto(dir.resolve("mosquitto")).start();
                MqttCounter mqtt = new MqttCounter(broker.port(), "soak/#", mqttIds::add);
                KafkaCounter kafkaCounter = new KafkaCounter(kafka.bootstrap(), "soak", kafkaIds::add)) {
            int cameraPort = Ports.free();
            EvexProcess camera = camera(cameraPort);
            int rtspPort = Ports.free();
            EvexProcess evex = new EvexProcess(
                            root, work("evex"), config(broker.port(), kafka.bootstrap(), cameraPort, rtspPort), TOKEN)
                    .start();
            SoakClients clients =
                    new SoakClients(evex, List.of("file-1", "file-2", "file-3", "rtsp-1", "file-4"), rtspPort);
            clients.start(20, 5, 2, 4, 4);
            faults.scheduleWithFixedDelay(
                    () -> quietly(() -> broker.restart(Duration.ofSeconds(5))), 5, 5, TimeUnit.MINUTES);
            faults.scheduleWithFixedDelay(() -> quietly(() -> flap(camera)), 3, 3, TimeUnit.MINUTES);
            List<SoakSampler.Sample> samples = sample(new SoakSampler(evex));
            faults.shutdownNow();
            faults.awaitTermination(2, TimeUnit.MINUTES);
            clients.stop();
            JsonNode end = drained(evex);
            evex.close();
            camera.close();
            EventIds json = jsonIds(work("evex").resolve("out"));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline && mqttIds.missingOf(json) > 0) {
                Thread.sleep(500);
            }
            return report(samples, end, json, mqttIds, kafkaIds, clients, broker);
        } finally {
            faults.shutdownNow();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            System.out.println("soak: a fault step failed: " + e);
        }
    }

    /** The cameras go away for 20 s: both RTSP channels reconnect. */
    private static void flap(EvexProcess camera) throws Exception {
        camera.close();
        Thread.sleep(20_000);
        camera.start();
    }

    private List<SoakSampler.Sample> sample(SoakSampler sampler) throws Exception {
        List<SoakSampler.Sample> samples = new ArrayList<>();
        Path csv = dir.resolve("soak.csv");
        Files.writeString(csv, SoakSampler.Sample.HEADER + "\n");
        long t0 = System.nanoTime();
        sampler.take(0); // CPU counts from here
        for (int m = 1; m <= minutes; m++) {
            long wait = t0 + TimeUnit.MINUTES.toNanos(m) - System.nanoTime();
            Thread.sleep(Math.max(0, wait / 1_000_000));
            SoakSampler.Sample s = sampler.take(m);
            samples.add(s);
            Files.writeString(csv, s.csv() + "\n", java.nio.file.StandardOpenOption.APPEND);
            System.out.printf(
                    Locale.ROOT,
                    "minute %3d/%d  rss %5d MB  heap after GC %6.1f MB  threads %4d  files %4d  cpu %5.1f%%  published %,d  queued %d  spooled %d%n",
                    m,
                    minutes,
                    s.rssMb(),
                    s.heapMb(),
                    s.threads(),
                    s.openFiles(),
                    s.cpu(),
                    s.published(),
                    s.queued(),
                    s.spooled());
        }
        return samples;
    }

    /** Waits (up to 2 minutes) for every queue to empty; returns the status then. */
    private static JsonNode drained(EvexProcess evex) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode status = evex.status();
            long waiting = 0;
            for (JsonNode e : status.path("exporters")) {
                waiting += e.path("queued").asLong()
                        + e.path("details").path("spool_pending").asLong();
            }
            if (waiting == 0 || System.nanoTime() > deadline) {
                return status;
            }
            Thread.sleep(500);
        }
    }

    private boolean report(
            List<SoakSampler.Sample> samples,
            JsonNode end,
            EventIds json,
            EventIds mqtt,
            EventIds kafka,
            SoakClients clients,
            Mosquitto broker)
            throws IOException {
        int warm = samples.size() >= 20 ? 10 : samples.size() / 2;
        List<SoakSampler.Sample> steady = samples.subList(warm, samples.size());
        double heapSlope = heapReport(steady, warm);
        double rssSlope = SoakSampler.slopePerHour(
                steady.stream().mapToDouble(SoakSampler.Sample::rssMb).toArray());
        long lostAtMqtt = mqtt.missingOf(json);
        Files.writeString(
                dir.resolve("soak.svg"), SvgPlot.render("Evex soak, " + samples.size() + " minutes", series(samples)));
        System.out.printf(
                Locale.ROOT,
                "%nafter minute %d: heap after GC %+.2f MB/hour, RSS %+.1f MB/hour; threads %d..%d, open files %d..%d,"
                        + " cpu %.0f%% of a core on average%n",
                warm,
                heapSlope,
                rssSlope,
                steady.stream().mapToInt(SoakSampler.Sample::threads).min().orElse(0),
                steady.stream().mapToInt(SoakSampler.Sample::threads).max().orElse(0),
                steady.stream().mapToInt(SoakSampler.Sample::openFiles).min().orElse(0),
                steady.stream().mapToInt(SoakSampler.Sample::openFiles).max().orElse(0),
                steady.stream().mapToDouble(SoakSampler.Sample::cpu).average().orElse(0));
        System.out.printf(
                "events: %,d written by the JSON exporter; MQTT subscriber %,d distinct (%,d received), missing %,d;"
                        + " Kafka %,d distinct%n",
                json.distinct(), mqtt.distinct(), mqtt.received(), lostAtMqtt, kafka.distinct());
        System.out.printf(
                "clients: %,d polls (%,d failed), %,d stream bytes (%,d reconnects, %,d refused), %,d HLS segments, %,d RTSP client restarts;"
                        + " broker restarts %d%n",
                clients.polls.sum(),
                clients.pollErrors.sum(),
                clients.streamBytes.sum(),
                clients.streamReconnects.sum(),
                clients.streamErrors.sum(),
                clients.hlsSegments.sum(),
                clients.rtspRestarts.sum(),
                broker.restarts());
        failures(end);
        System.out.println("CSV and plot: " + dir.resolve("soak.csv") + ", " + dir.resolve("soak.svg"));
        int exporters = end.path("exporters").size();
        boolean held = heapSlope < 1.0 && lostAtMqtt == 0 && exporters == 8; // a falling heap is no leak
        if (exporters != 8) {
            System.out.println(exporters + " of 8 exporters ran: see the refusals in " + dir.resolve("evex/evex.log"));
        }
        System.out.println(held ? "PASS" : "FAIL");
        return held;
    }

    /** Says how the heap after GC moved after the warm-up: its slope with its error, and the floor of each 10 minutes. */
    private static double heapReport(List<SoakSampler.Sample> steady, int warm) {
        double[] heap = steady.stream().mapToDouble(SoakSampler.Sample::heapMb).toArray();
        double slope = SoakSampler.slopePerHour(heap);
        System.out.printf(
                Locale.ROOT,
                "%nheap after GC after minute %d: slope %+.2f +- %.2f MB/hour (least squares, 1 standard error);"
                        + " lowest of each 10 minutes %s MB%n",
                warm,
                slope,
                SoakSampler.slopeErrorPerHour(heap),
                java.util.Arrays.toString(SoakSampler.floors(heap, 10)));
        return slope;
    }

    /** Every failure the status counted: channel reconnects, exporter drops, failures, retries and restarts. */
    private static void failures(JsonNode status) {
        System.out.println("\nchannels (reconnects):");
        status.path("channels")
                .forEach(c -> System.out.printf(
                        "  %-8s %-8s frames %,d reconnects %d%n",
                        c.path("name").asText(),
                        c.path("state").asText(),
                        c.path("frames").asLong(),
                        c.path("reconnects").asLong()));
        System.out.println("exporters (delivered, dropped, failed, retries; what their details count):");
        status.path("exporters").forEach(e -> {
            StringBuilder counted = new StringBuilder();
            e.path("details").fields().forEachRemaining(f -> {
                if (f.getValue().isNumber()
                        && f.getValue().asLong() != 0
                        && !f.getKey().startsWith("spool_recovered")) {
                    counted.append(' ')
                            .append(f.getKey())
                            .append('=')
                            .append(f.getValue().asText());
                }
            });
            System.out.printf(
                    "  %-8s %,d %,d %,d %,d %s%n",
                    e.path("name").asText(),
                    e.path("delivered").asLong(),
                    e.path("dropped").asLong(),
                    e.path("failed").asLong(),
                    e.path("retries").asLong(),
                    counted);
        });
    }

    private static List<SvgPlot.Series> series(List<SoakSampler.Sample> samples) {
        return List.of(
                new SvgPlot.Series(
                        "heap after GC",
                        "MB",
                        samples.stream().mapToDouble(SoakSampler.Sample::heapMb).toArray()),
                new SvgPlot.Series(
                        "RSS",
                        "MB",
                        samples.stream().mapToDouble(SoakSampler.Sample::rssMb).toArray()),
                new SvgPlot.Series(
                        "threads",
                        "",
                        samples.stream()
                                .mapToDouble(SoakSampler.Sample::threads)
                                .toArray()),
                new SvgPlot.Series(
                        "open files",
                        "",
                        samples.stream()
                                .mapToDouble(SoakSampler.Sample::openFiles)
                                .toArray()),
                new SvgPlot.Series(
                        "CPU",
                        "% of a core",
                        samples.stream().mapToDouble(SoakSampler.Sample::cpu).toArray()),
                new SvgPlot.Series(
                        "queued + spooled",
                        "events",
                        samples.stream()
                                .mapToDouble(s -> s.queued() + s.spooled())
                                .toArray()));
    }

    private Path work(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    private EvexProcess camera(int rtspPort) throws Exception {
        Path work = work("camera");
        StringBuilder yaml = new StringBuilder("http: {admin_token: " + TOKEN + "}\nchannels:\n");
        for (String cam : List.of("cam-1", "cam-2")) {
            yaml.append("  - {name: ")
                    .append(cam)
                    .append(", url: \"lavfi:testsrc2=size=640x360:rate=10\",")
                    .append(" motion: {enabled: false}, detector: {type: none}}\n");
        }
        yaml.append("exporters:\n  - {type: rtsp, settings: {bind: 127.0.0.1, port: ")
                .append(rtspPort)
                .append(", users: none}}\n  - {type: store, enabled: false}\n");
        Files.writeString(work.resolve("camera.yaml"), yaml);
        return new EvexProcess(root, work, work.resolve("camera.yaml"), TOKEN).start();
    }

    private Path config(int mqttPort, String kafka, int cameraPort, int rtspPort) throws IOException {
        Path work = work("evex");
        SoakConfig.crasher(work.resolve("crasher"));
        Path config = work.resolve("soak.yaml");
        Files.writeString(
                config, SoakConfig.yaml(TOKEN, model, mqttPort, kafka, cameraPort, rtspPort, work.resolve("crasher")));
        return config;
    }

    /** Every event id in the JSON exporter's files. */
    private static EventIds jsonIds(Path folder) throws IOException {
        EventIds ids = new EventIds();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    lines.forEach(ids::add);
                }
            }
        }
        return ids;
    }

    private static void fresh(Path d) throws IOException {
        if (Files.exists(d)) {
            try (Stream<Path> all = Files.walk(d)) {
                all.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(d);
    }
}
