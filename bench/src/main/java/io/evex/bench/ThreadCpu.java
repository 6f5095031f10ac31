package io.evex.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per thread over a measured stretch, grouped by thread name (numbers stripped), plus a
 * child process's CPU from /proc (the broker): where the time of a benchmark run goes.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> start = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final long processStart;
    private final long pid;

    private ThreadCpu(long pid) {
        this.pid = pid;
        this.processStart = processTicks(pid);
        snapshot(start);
    }

    /** Starts measuring this JVM's threads and, if {@code pid} > 0, that process. */
    static ThreadCpu start(long pid) {
        return new ThreadCpu(pid);
    }

    private void snapshot(Map<Long, Long> into) {
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    into.put(info.getThreadId(), cpu);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
    }

    /** Microseconds of CPU per event, per thread group, since {@link #start}. */
    Map<String, Double> perEvent(long events) {
        Map<Long, Long> end = new HashMap<>();
        snapshot(end);
        Map<String, Double> groups = new TreeMap<>();
        end.forEach((id, cpu) -> {
            long used = cpu - start.getOrDefault(id, 0L);
            if (used > 0) {
                String group = names.get(id).replaceAll("[0-9]+|-[a-f0-9]{6,}", "#");
                groups.merge(group, used / 1e3 / events, Double::sum);
            }
        });
        if (pid > 0) {
            groups.put("(broker process)", (processTicks(pid) - processStart) * 1e6 / 100 / events);
        }
        groups.values().removeIf(v -> v < 0.05);
        return groups;
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux). */
    static long processTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }
}
