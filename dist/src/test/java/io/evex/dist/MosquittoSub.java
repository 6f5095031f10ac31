package io.evex.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Mosquitto's own {@code mosquitto_sub}, as Home Assistant's side of a broker, for {@link OnvifIT}. */
final class MosquittoSub {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MosquittoSub() {}

    /** Retained and live messages on {@code topic} for {@code seconds}: topic to the last payload. */
    static Map<String, byte[]> read(int port, String topic, int seconds) throws IOException, InterruptedException {
        Process sub = command(port, topic, seconds)
                .redirectError(ProcessBuilder.Redirect.DISCARD) // "Timed out" at the end
                .start();
        String out = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        sub.waitFor(seconds + 10L, TimeUnit.SECONDS);
        return parse(out);
    }

    /** A subscriber left running for {@code seconds}, writing to {@code out} (read it with {@link #parse}). */
    static Process listen(int port, String topic, int seconds, java.nio.file.Path out) throws IOException {
        return command(port, topic, seconds)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile())
                .start();
    }

    private static ProcessBuilder command(int port, String topic, int seconds) {
        return new ProcessBuilder(
                "mosquitto_sub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-t",
                topic,
                "-F",
                "%t %x",
                "-W",
                Integer.toString(seconds));
    }

    /** {@code mosquitto_sub -F '%t %x'} lines: topic to its last payload (hex decoded; empty for none). */
    static Map<String, byte[]> parse(String out) {
        Map<String, byte[]> messages = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                messages.put(
                        line.substring(0, space),
                        HexFormat.of().parseHex(line.substring(space + 1).trim()));
            } else if (!line.isBlank()) {
                messages.put(line.trim(), new byte[0]); // an empty payload: %x prints nothing
            }
        }
        return messages;
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The retained discovery configs now (empty ones are removals: not configs). */
    static Map<String, JsonNode> configs(int port) throws IOException, InterruptedException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> m : read(port, "homeassistant/#", 2).entrySet()) {
            if (m.getValue().length > 0) {
                out.put(m.getKey(), JSON.readTree(m.getValue()));
            }
        }
        return out;
    }
}
