package io.evex.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.media.Recording;
import io.evex.api.media.VideoExporter;
import io.evex.runtime.Evex;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.video.SourceUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The retention drill of issue 25, in real time: the sample recorded in 2 s segments, continuous
 * retention 20 s, event retention 60 s, an area event at 10 s and at 50 s. At 90 s exactly the
 * expected files remain, each checked by name and span: the segment of the 50 s event (38 s old,
 * kept past the continuous 20 s), not the one of the 10 s event (past its 60 s too), and of the
 * continuous ones only those that ended within the last 20 s. Exits 1 when anything else is there.
 */
final class RetentionDrill {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A segment goes at the first sweep (every second) after its time: allow that, and one segment. */
    private static final long SLACK_MS = 1_000 + 2_500;

    private final Path dir;

    RetentionDrill(Path dir) {
        this.dir = dir;
    }

    void run() throws Exception {
        Path root = dir.resolve("drill");
        clean(root);
        RuntimeConfig config = RuntimeConfig.empty()
                .plusChannels(
                        List.of(ChannelSettings.of("lobby", SourceUrl.SAMPLE).withStatistics(0)))
                .plus(
                        List.of(),
                        List.of(),
                        ExportOption.parseAll(
                                List.of("mp4:path=" + root
                                        + "/{sys.count}.mp4,segment=2s,retain.continuous=20s,retain.events=60s,"
                                        + "retain.event_types=event-area-enter,sweep_interval=1s,min_free="),
                                List.of()))
                .withHttp(new HttpSettings(false, "127.0.0.1", 0));
        Evex evex = new Evex(config, false).start();
        long start = System.currentTimeMillis();
        long[] events = new long[2];
        try {
            System.out.println("retention drill: 90 s of 2 s segments, continuous 20 s, events 60 s ...");
            events[0] = publishAt(evex, start + 10_000);
            events[1] = publishAt(evex, start + 50_000);
            waitUntil(start + 90_000);
            long now = System.currentTimeMillis();
            List<Recording> kept = ((VideoExporter) evex.bus().exporter("mp4")).recordings("lobby");
            List<String> wrong = check(kept, root, events, now);
            for (Recording r : kept) {
                System.out.printf(
                        "  %-10s %6.1f s .. %6.1f s after the start%s%n",
                        r.file().getFileName(),
                        (r.startMillis() - start) / 1000.0,
                        (r.endMillis() - start) / 1000.0,
                        holds(r, events[1]) ? "   (the 50 s event)" : "");
            }
            if (!wrong.isEmpty()) {
                wrong.forEach(w -> System.out.println("  WRONG: " + w));
                System.out.println("retention drill: FAIL");
                System.exit(1);
            }
            System.out.println("retention drill: PASS (" + kept.size() + " segments kept, as expected)");
        } finally {
            evex.close(10_000);
        }
    }

    private static List<String> check(List<Recording> kept, Path root, long[] events, long now) throws Exception {
        List<String> wrong = new ArrayList<>();
        boolean late = false;
        for (Recording r : kept) {
            long age = now - r.endMillis();
            if (holds(r, events[0])) {
                wrong.add(r.file().getFileName() + " holds the 10 s event and is " + age + " ms old (> 60 s)");
            } else if (holds(r, events[1])) {
                late = true;
            } else if (age > 20_000 + SLACK_MS) {
                wrong.add(r.file().getFileName() + " is continuous and " + age + " ms old (> 20 s)");
            }
        }
        if (!late) {
            wrong.add("the segment of the 50 s event is gone: " + kept);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.filter(f -> f.toString().endsWith(".mp4"))
                    .map(f -> f.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        }
        List<Path> listed = kept.stream()
                .map(r -> r.file().toAbsolutePath().normalize())
                .sorted()
                .toList();
        if (!files.equals(listed)) {
            wrong.add("the folder " + files + " and the index " + listed + " differ");
        }
        return wrong;
    }

    private static boolean holds(Recording r, long at) {
        return r.startMillis() <= at && at <= r.endMillis();
    }

    private static long publishAt(Evex evex, long at) throws InterruptedException {
        waitUntil(at);
        long now = System.currentTimeMillis();
        ObjectNode e = JSON.createObjectNode()
                .put("$id", "event-area-enter")
                .put("$version", 2)
                .put("channel", "lobby")
                .put("system_timestamp", now)
                .put("zone", "dock")
                .put("object_class", "person");
        evex.publisher().accept(e);
        return now;
    }

    private static void waitUntil(long at) throws InterruptedException {
        for (long left = at - System.currentTimeMillis(); left > 0; left = at - System.currentTimeMillis()) {
            Thread.sleep(Math.min(left, 1_000));
            System.out.print(".");
        }
        System.out.println();
    }

    private static void clean(Path root) throws Exception {
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
