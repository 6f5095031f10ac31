package io.evex.runtime.extension;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An AI server as a real Python process on a free port (Debian's python3, which has Pillow with python3-skimage). */
final class PythonServer implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("(?:listening on |http://127\\.0\\.0\\.1:)(\\d+)");

    private final Process process;
    final URI url;

    PythonServer(Path script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = line == null ? null : PORT.matcher(line);
        if (m == null || !m.find()) {
            process.destroyForcibly();
            fail(script + " did not start: " + line);
        }
        url = URI.create("http://127.0.0.1:" + m.group(1) + "/score");
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
