package io.evex.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.schemas.ProblemException;
import io.evex.schemas.SchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --fix} on what it cannot edit safely, and {@code ${env:VAR}} in files. */
class ConfigFixTest {

    @TempDir
    Path dir;

    @Test
    void aFormerKeyInFlowStyleIsNotRewrittenAndTheFileStaysAsItWas() throws Exception {
        String text = "channels:\n  - {name: door, url: lavfi:testsrc2, timeout_ms: 5000}\n";
        Path file = Files.writeString(dir.resolve("evex.yaml"), text);
        ProblemException e = assertThrows(ProblemException.class, () -> ConfigFix.fix(file, type -> Optional.empty()));
        assertTrue(e.getMessage().contains("not rewritten") && e.getMessage().contains("line 2"), e.getMessage());
        assertEquals(text, Files.readString(file));
    }

    @Test
    void referencesToTheEnvironmentStayAsWrittenWhenAFileIsFixed() throws Exception {
        Path file = Files.writeString(
                dir.resolve("evex.yaml"),
                "channels:\n  - name: door\n    url: rtsp://u:${env:DOOR_PW}@cam/live\n    timeout_ms: 5000\n");
        List<String> changed = ConfigFix.fix(file, type -> Optional.empty());
        assertEquals(1, changed.size(), changed.toString());
        assertEquals(
                "channels:\n  - name: door\n    url: rtsp://u:${env:DOOR_PW}@cam/live\n    timeout: 5s\n",
                Files.readString(file));
    }

    @Test
    void environmentReferencesTakeDefaultsAndEscapes() throws Exception {
        Path file = Files.writeString(dir.resolve("evex.yaml"), """
                channels:
                  - name: "${env:EVEX_TEST_SURELY_UNSET:-door}"
                    url: "lavfi:testsrc2=size=$${w}x$${h}"
                """);
        RuntimeConfig config = new ConfigLoader(new SchemaValidator()).load(file);
        assertEquals("door", config.channels().get(0).name());
        assertEquals("lavfi:testsrc2=size=${w}x${h}", config.channels().get(0).url());
        Map<String, String> env = System.getenv();
        assertTrue(env.containsKey("PATH"), "the test's environment has PATH");
        Path path = Files.writeString(dir.resolve("path.yaml"), """
                channels:
                  - name: door
                    url: "lavfi:testsrc2=${env:PATH}"
                """);
        assertEquals(
                "lavfi:testsrc2=" + env.get("PATH"),
                new ConfigLoader(new SchemaValidator())
                        .load(path)
                        .channels()
                        .get(0)
                        .url());
    }
}
