package io.evex.dist;

import io.evex.runtime.testing.Waits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ./evex} launcher in a folder and captures what it prints. */
final class EvexProcess {

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private EvexProcess() {}

    /** Starts {@code ./evex} without waiting; its output goes to files in {@code workDir}. */
    static Process start(Path workDir, String... args) throws IOException {
        return start(workDir, java.util.Map.of(), args);
    }

    /** The same with these environment variables set too. */
    static Process start(Path workDir, java.util.Map<String, String> env, String... args) throws IOException {
        Path root =
                Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>();
        command.add(root.resolve("evex").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("evex.out").toFile())
                .redirectError(workDir.resolve("evex.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("EVEX_NO_BUILD", "1");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The base URL of the HTTP API a started process printed ({@code evex: status at http://...}), waiting for it. */
    static java.net.URI httpBase(Path workDir, Process p) throws IOException, InterruptedException {
        java.util.regex.Pattern at = java.util.regex.Pattern.compile("API at (http://[^/\\s]+/)");
        return Waits.value("evex to print its API address", Duration.ofSeconds(60), () -> {
            if (!p.isAlive()) {
                throw new AssertionError("evex ended:\n" + Files.readString(workDir.resolve("evex.err")));
            }
            java.util.regex.Matcher m =
                    at.matcher(Files.readString(workDir.resolve("evex.out"), StandardCharsets.UTF_8));
            return m.find() ? java.net.URI.create(m.group(1)) : null;
        });
    }

    /** An API call of {@code method} to {@code path} (with its leading '/') under {@code base}, JSON {@code body} or none. */
    static java.net.http.HttpResponse<String> call(
            java.net.http.HttpClient http, java.net.URI base, String token, String method, String path, String body)
            throws IOException, InterruptedException {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(base.resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        b.method(
                method,
                body == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        Path root =
                Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>();
        command.add(root.resolve("evex").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("EVEX_NO_BUILD", "1");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("evex " + String.join(" ", args) + " did not finish in 120 s");
        }
        Result r = new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
