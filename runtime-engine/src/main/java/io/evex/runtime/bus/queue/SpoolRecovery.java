package io.evex.runtime.bus.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What a start found in a spool an earlier run left: events, bytes and the oldest event's time,
 * said once in the log (with a torn tail, if a crash cut the last record short) and kept for status.
 *
 * @param oldest the oldest event's {@code system_timestamp} as an ISO instant, "" when none or unknown
 */
public record SpoolRecovery(long events, long bytes, String oldest) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads what {@code spool} holds right after it was opened and says so in {@code log}. */
    static SpoolRecovery of(Spool spool, Logger log) {
        List<byte[]> first = spool.isEmpty() ? List.of() : spool.peek(1);
        SpoolRecovery r =
                new SpoolRecovery(spool.size(), spool.bytes(), first.isEmpty() ? "" : oldestTime(first.get(0)));
        if (r.events > 0) {
            log.info(
                    "{} event(s), {} bytes, oldest {}, found in the spool {}: delivered first, in their order",
                    r.events,
                    r.bytes,
                    r.oldest.isEmpty() ? "unknown" : r.oldest,
                    spool.dir());
        }
        if (spool.tornBytes() > 0) {
            log.warn(
                    "the spool {} ended in a record cut short (a crash while it was written): {} bytes dropped",
                    spool.dir(),
                    spool.tornBytes());
        }
        return r;
    }

    /** The time an event's record carries ({@code system_timestamp}), "" when it has none or is not JSON. */
    public static String oldestTime(byte[] record) {
        try {
            JsonNode e = JSON.readTree(record);
            return e.has("system_timestamp")
                    ? Instant.ofEpochMilli(e.get("system_timestamp").asLong()).toString()
                    : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Adds the status counters {@code spool_recovered}, {@code spool_recovered_bytes} and {@code spool_recovered_oldest}. */
    void putInto(Map<String, Object> details) {
        details.put("spool_recovered", events);
        details.put("spool_recovered_bytes", bytes);
        details.put("spool_recovered_oldest", oldest);
    }
}
