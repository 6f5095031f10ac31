package io.evex.exporters.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxtExporterTest {

    @TempDir
    Path dir;

    @Test
    void eachEventIsOneLineFromTheTemplateWithFallbacks() throws Exception {
        try (Pipeline p = new Pipeline(
                dir,
                "txt:path=log/{obj.channel}.txt,format={obj.channel} {obj.$id} {obj.tracking_id|-} {obj.object.class|?}")) {
            p.publishTracks(2, "lobby");
            ObjectNode note = p.envelope("metadata", 1, "lobby", 9).put("source", "test");
            note.putObject("data").put("door", "open");
            p.publish(note);
        }
        assertEquals(
                List.of("lobby track t-0 Person", "lobby track t-1 Vehicle, red", "lobby metadata - ?"),
                Files.readAllLines(dir.resolve("log/lobby.txt")));
    }
}
