package io.evex.bench.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The soak's Evex configuration and its crashing process exporter. */
final class SoakConfig {

    private SoakConfig() {}

    static String yaml(
            String token, Path model, int mqttPort, String kafka, int cameraPort, int rtspPort, Path crasher) {
        StringBuilder y = new StringBuilder()
                .append("http: {admin_token: ")
                .append(token)
                .append("}\n")
                .append("exporter_dirs: [")
                .append(crasher)
                .append("]\n")
                .append("channels:\n");
        for (int i = 1; i <= 8; i++) {
            String name = i <= 6 ? "file-" + i : "rtsp-" + (i - 6);
            String url = i <= 6 ? "sample" : "rtsp://127.0.0.1:" + cameraPort + "/cam-" + (i - 6);
            y.append("  - name: ")
                    .append(name)
                    .append("\n    url: \"")
                    .append(url)
                    .append("\"\n")
                    .append("    reconnect: {initial: 1s, max: 5s}\n")
                    .append("    detector: {type: onnx, model: ")
                    .append(model)
                    .append(", fps: 1}\n")
                    .append("    zones: [{name: floor, polygon: [[0, 0.4], [1, 0.4], [1, 1], [0, 1]], loitering: 20s,")
                    .append(" occupancy_max: 3}]\n")
                    .append("    lines: [{name: middle, points: [[0.5, 0], [0.5, 1]]}]\n")
                    .append("    crops: {every: 10s}\n");
        }
        return y.append("exporters:\n")
                .append("  - {name: mqtt, type: mqtt, settings: {servers: \"127.0.0.1:")
                .append(mqttPort)
                .append("\", topic: \"soak/{obj.channel}/{obj.$id}\", qos: 1}}\n")
                .append("  - {name: kafka, type: kafka, settings: {servers: \"")
                .append(kafka)
                .append("\", topic: soak}}\n")
                .append("  - {name: json, type: json, settings: {path: out/events.jsonl}, queue: {durable: true}}\n")
                .append("  - name: mp4\n    type: mp4\n    settings:\n")
                .append("      path: \"recordings/{obj.channel}/{sys.time %Y%m%d-%H%M%S}.mp4\"\n")
                .append("      segment: 60s\n      retain: {continuous: 10m, events: 20m}\n      max_size: 2GB\n")
                .append("  - {name: hls, type: hls, settings: {segment: 2s}}\n")
                .append("  - {name: rtsp, type: rtsp, settings: {bind: 127.0.0.1, port: ")
                .append(rtspPort)
                .append(", users: none}}\n")
                .append("  - {name: crasher, type: soak-crasher}\n")
                .toString();
    }

    /** A descriptor and its program, which reads its events and dies after 2 minutes (restarted each time). */
    static void crasher(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("crasher.py"),
                String.join(
                        "\n",
                        "import sys, time",
                        "start = time.time()",
                        "while time.time() - start < 120:",
                        "    if not sys.stdin.buffer.read(65536):",
                        "        sys.exit(0)",
                        "sys.exit(3)  # a crash, every 2 minutes",
                        ""));
        Files.writeString(
                dir.resolve("exporter.json"), // the descriptor name every exporter folder uses
                "{\"name\": \"soak-crasher\", \"description\": \"Reads events, crashes every 2 minutes\","
                        + " \"events\": [\"*\"], \"command\": [\"python3\", \"crasher.py\"],"
                        + " \"restart\": {\"policy\": \"on-failure\", \"initial_backoff\": \"1s\", \"max_backoff\": \"5s\"}}\n");
    }
}
