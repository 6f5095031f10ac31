package io.evex.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm "onvif" client, run with node over {@code src/test/resources/onvif/client.js}. It is
 * installed by .ci/run into {@code ~/.cache/evex/onvif-client} (or where {@code EVEX_ONVIF_CLIENT}
 * says), so tests send nothing beyond this machine.
 */
final class OnvifClient {

    record Result(int exit, String out) {}

    private OnvifClient() {}

    static Path home() {
        String env = System.getenv("EVEX_ONVIF_CLIENT");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "evex", "onvif-client");
    }

    /** Fails with how to install it when the client is missing. */
    static void assumeInstalled() {
        if (!Files.isDirectory(home().resolve("node_modules/onvif"))) {
            throw new AssertionError("the npm onvif client is not installed: npm install --prefix " + home()
                    + " onvif@0.8.3 (.ci/run does it)");
        }
    }

    static Result exec(URI base, String user, String password, String... args)
            throws IOException, InterruptedException {
        Path script = Path.of("src/test/resources/onvif/client.js").toAbsolutePath();
        List<String> command = new ArrayList<>(
                List.of("node", script.toString(), base.getHost(), Integer.toString(base.getPort()), user, password));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", home().resolve("node_modules").toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the onvif client did not end");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs the client; its JSON lines, or an AssertionError with what it printed. */
    static List<JsonNode> run(URI base, String user, String password, String... args)
            throws IOException, InterruptedException {
        Result r = exec(base, user, password, args);
        if (r.exit() != 0) {
            throw new AssertionError("the onvif client failed (" + r.exit() + "): " + r.out());
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }
}
