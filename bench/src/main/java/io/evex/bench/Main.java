package io.evex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.evex.api.Event;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.ExporterFactory;
import io.evex.api.delivery.OverflowPolicy;
import io.evex.exporters.file.JsonExporterFactory;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.exporter.RuntimeExporterContext;
import io.evex.schemas.convert.Converters;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.LongSupplier;

/**
 * The bus benchmark of issue 2: events/s of ~500-byte events through the bus to 1 and 4 no-op
 * exporters and to the JSON exporter, each next to its bare baseline measured in the same run
 * (an ArrayBlockingQueue hand-off; a plain Jackson write loop to the same disk), plus bytes
 * allocated per event. Each figure is the median of {@code --runs} runs after one warm-up run.
 */
public final class Main {

    private static final Map<String, Integer> TRACK_V2 = Map.of("track", 2);

    private final BenchEvents events = new BenchEvents(4096);
    private final long count;
    private final int runs;
    private final Path dir;

    private Main(long count, int runs, Path dir) {
        this.count = count;
        this.runs = runs;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        long count = 2_000_000;
        int runs = 5;
        String only = "all";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> count = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--minutes" -> System.setProperty("soak.minutes", args[++i]); // the soak's length
                default -> {
                    System.out.println(
                            "usage: bench/run [--events N (default 2000000)] [--runs N (default 5)] [--minutes N (soak, default 60)] [--only bus|process|video|mqtt|rtsp|onvif|live|tracker|detector|api|extension|brokers|kafka|nats|recordings|retention-drill|history|durable|kill-drill|soak]");
                    return;
                }
            }
        }
        Path dir = Files.createDirectories(Path.of("target", "bench-out"));
        run(only, new Main(count, runs, dir), count, runs, dir);
    }

    /** Runs the benchmarks {@code --only} names (all of the bus and process ones by default). */
    private static void run(String only, Main main, long count, int runs, Path dir) throws Exception {
        switch (only) {
            case "mqtt" -> {
                new MqttBench(main.events, Math.min(count, 300_000), runs, dir).all();
                System.exit(0); // Paho leaves a non-daemon connect thread behind.
            }
            case "detector" ->
                new DetectorBench(
                                Path.of(System.getProperty("evex.root", ".."))
                                        .resolve("../shared/models/yolox_nano.onnx"),
                                200)
                        .all();
            case "brokers", "kafka", "nats" -> {
                BrokerBench brokers = new BrokerBench(dir, (int) Math.min(count, 200_000));
                if (!only.equals("nats")) {
                    brokers.all();
                }
                if (!only.equals("kafka")) {
                    brokers.nats();
                }
            }
            case "extension" -> new ExtensionBench(dir, 10).all();
            case "api" -> new ApiBench(dir, 10).all();
            case "tracker" -> new TrackerBench().all();
            case "rtsp" -> new RtspBench(dir).all();
            case "onvif" -> new OnvifBench(dir).all();
            case "live" -> new LiveBench(dir).all();
            case "video" -> new VideoBench(dir, Math.min(runs, 3)).all();
            case "recordings" -> new RecordingBench(dir, Math.min(runs, 5)).all();
            case "retention-drill" -> new RetentionDrill(dir).run();
            case "kill-drill", "soak" -> System.exit(io.evex.bench.drill.Drills.run(only, dir));
            case "durable" -> new DurableBench(dir, (int) Math.min(count, 1_000_000), runs).all();
            case "history" -> new HistoryBench(dir, (int) Math.min(count, 200_000), Math.min(runs, 3)).all();
            default -> {
                if (!only.equals("process")) {
                    main.all();
                }
                if (!only.equals("bus")) {
                    System.out.printf(
                            "%nEvex process-exporter benchmark: %,d events per run, median of %d runs%n%n",
                            count, runs);
                    new ProcessBench(main.events, count, runs, dir).all();
                }
            }
        }
    }

    private void all() throws Exception {
        System.out.printf(
                "Evex bus benchmark: %,d events of ~%d bytes per run, median of %d runs, %d cores%n%n",
                count, events.averageBytes(), runs, Runtime.getRuntime().availableProcessors());
        Result queue = measure("baseline: ArrayBlockingQueue hand-off", this::bareQueue);
        Result one = measure("bus -> 1 no-op exporter", () -> bus(1));
        Result four = measure("bus -> 4 no-op exporters", () -> bus(4));
        Result jackson = measure("baseline: Jackson write loop to a file", this::bareJackson);
        Result json = measure("bus -> JSON exporter (file)", this::busJson);
        System.out.println();
        System.out.printf("bus -> 1 no-op      / queue hand-off : %.2f%n", one.rate / queue.rate);
        System.out.printf("bus -> 4 no-op      / queue hand-off : %.2f%n", four.rate / queue.rate);
        System.out.printf("bus -> JSON exporter / Jackson loop  : %.2f%n", json.rate / jackson.rate);
    }

    private record Result(double rate, double bytesPerEvent) {}

    /** One run: returns {elapsed nanos, allocated bytes}. */
    private interface Run {
        long[] run() throws Exception;
    }

    private Result measure(String name, Run run) throws Exception {
        run.run(); // warm-up
        double[] rates = new double[runs];
        double[] allocs = new double[runs];
        for (int i = 0; i < runs; i++) {
            long[] r = run.run();
            rates[i] = count / (r[0] / 1e9);
            allocs[i] = (double) r[1] / count;
        }
        Arrays.sort(rates);
        Arrays.sort(allocs);
        Result result = new Result(rates[runs / 2], allocs[runs / 2]);
        System.out.printf(
                "%-42s %,12.0f events/s   %6.1f B/event allocated   (runs: %,.0f .. %,.0f)%n",
                name, result.rate, result.bytesPerEvent, rates[0], rates[runs - 1]);
        return result;
    }

    private long[] bareQueue() throws Exception {
        ArrayBlockingQueue<Object> q = new ArrayBlockingQueue<>(10_000);
        Thread consumer = new Thread(() -> {
            List<Object> batch = new ArrayList<>(256);
            long seen = 0;
            try {
                while (seen < count) {
                    batch.add(q.take());
                    q.drainTo(batch, 255);
                    seen += batch.size();
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        long alloc0 = Allocation.allocatedByLiveThreads();
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            q.put(events.get(i));
        }
        consumer.join();
        long t1 = System.nanoTime();
        return new long[] {t1 - t0, Allocation.allocatedByLiveThreads() - alloc0};
    }

    private long[] bus(int exporters) throws Exception {
        List<ExporterWorker> workers = new ArrayList<>();
        for (int i = 0; i < exporters; i++) {
            workers.add(worker("noop-" + i, new NoOp(), null));
        }
        return drive(
                workers,
                () -> workers.stream()
                        .mapToLong(ExporterWorker::delivered)
                        .min()
                        .orElse(0));
    }

    private long[] busJson() throws Exception {
        Path file = dir.resolve("bus-json.jsonl");
        Files.deleteIfExists(file);
        ExporterFactory factory = new JsonExporterFactory();
        Exporter json = factory.create();
        RuntimeExporterContext ctx = new RuntimeExporterContext(
                "json",
                factory.settings().resolve(Map.of("path", file.toAbsolutePath().toString())),
                TRACK_V2,
                dir,
                Clock.systemUTC());
        json.start(ctx);
        ExporterWorker w = worker("json", json, ctx);
        return drive(List.of(w), w::delivered);
    }

    private ExporterWorker worker(String name, Exporter exporter, ExporterContext ctx) {
        return ExporterWorker.builder(name, exporter)
                .kind("bench")
                .negotiated(TRACK_V2)
                .queue(new QueueSettings(10_000, OverflowPolicy.BLOCK))
                .build();
    }

    /** Publishes {@code count} events and waits until every worker delivered them; then closes. */
    private long[] drive(List<ExporterWorker> workers, LongSupplier delivered) throws Exception {
        EventBus bus = new EventBus(workers, Converters.builtIn(), false);
        workers.forEach(ExporterWorker::start);
        long alloc0 = Allocation.allocatedByLiveThreads();
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            bus.publish(events.get(i), "track", 2);
        }
        while (delivered.getAsLong() < count) {
            Thread.onSpinWait();
        }
        long t1 = System.nanoTime();
        long alloc = Allocation.allocatedByLiveThreads() - alloc0;
        bus.close(60_000);
        return new long[] {t1 - t0, alloc};
    }

    private long[] bareJackson() throws Exception {
        Path file = dir.resolve("bare-jackson.jsonl");
        Files.deleteIfExists(file);
        ObjectWriter writer = new ObjectMapper().writer();
        long alloc0 = Allocation.allocatedByLiveThreads();
        long t0 = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            for (long i = 0; i < count; i++) {
                out.write(writer.writeValueAsBytes(events.get(i)));
                out.write('\n');
            }
        }
        long t1 = System.nanoTime();
        return new long[] {t1 - t0, Allocation.allocatedByLiveThreads() - alloc0};
    }

    /** Accepts and discards. */
    private static final class NoOp implements Exporter {
        @Override
        public void start(ExporterContext context) {}

        @Override
        public void deliver(Event event) {}

        @Override
        public void stop() {}
    }
}
