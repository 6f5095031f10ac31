package io.evex.exporters.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExporterTest {

    @TempDir
    Path dir;

    @Test
    void rowsFollowTheChosenColumnsWithQuotingAndOneHeader() throws Exception {
        try (Pipeline p = new Pipeline(
                dir, "csv:path=tracks.csv,columns=/channel,/frame_id,class:/object/class,/box/l,/missing,/box")) {
            p.publishTracks(3, "lobby");
        }
        List<String> lines = Files.readAllLines(dir.resolve("tracks.csv"));
        assertEquals(
                List.of(
                        "channel,frame_id,class,box.l,missing,box",
                        "lobby,0,Person,0.1,,\"{\"\"l\"\":0.1,\"\"t\"\":0.2,\"\"w\"\":0.3,\"\"h\"\":0.4}\"",
                        "lobby,1,\"Vehicle, red\",0.1,,\"{\"\"l\"\":0.1,\"\"t\"\":0.2,\"\"w\"\":0.3,\"\"h\"\":0.4}\"",
                        "lobby,2,Person,0.1,,\"{\"\"l\"\":0.1,\"\"t\"\":0.2,\"\"w\"\":0.3,\"\"h\"\":0.4}\""),
                lines);
        assertTrue(Files.readString(dir.resolve("tracks.csv")).contains("\r\n"), "RFC 4180 line ends");
    }

    @Test
    void theTabularLayoutWritesOneRowPerObjectOfAMultiObjectEvent() throws Exception {
        try (Pipeline p = new Pipeline(
                dir,
                "csv:path=regions.csv,rows=/regions,columns=/frame_id,l:@/box/l,w:@/box/w,/motion_ratio,events=event-motion:1")) {
            ObjectNode two = p.envelope("event-motion", 1, "lobby", 7).put("motion_ratio", 0.05);
            two.putArray("regions").add(region(0.1, 0.2)).add(region(0.5, 0.3));
            ObjectNode none = p.envelope("event-motion", 1, "lobby", 8).put("motion_ratio", 0.0);
            none.putArray("regions");
            p.publish(two);
            p.publish(none);
        }
        assertEquals(
                List.of("frame_id,l,w,motion_ratio", "7,0.1,0.2,0.05", "7,0.5,0.3,0.05", "8,,,0.0"),
                Files.readAllLines(dir.resolve("regions.csv")),
                "one row per region; an event without regions still gets its row");
    }

    /** Event text such as an external AI's metadata must not run as a spreadsheet formula. */
    @Test
    void cellsThatASpreadsheetWouldRunAreNeutralisedNumbersStayNumbers() throws Exception {
        try (Pipeline p =
                new Pipeline(dir, "csv:path=m.csv,columns=/frame_id,/note,/delta,events=event-motion:1,header=false")) {
            p.publish(p.envelope("event-motion", 1, "lobby", 1)
                    .put("note", "=HYPERLINK(\"http://x\")")
                    .put("delta", -0.5));
            p.publish(p.envelope("event-motion", 1, "lobby", 2)
                    .put("note", "@SUM(A1)")
                    .put("delta", 2));
            p.publish(p.envelope("event-motion", 1, "lobby", 3)
                    .put("note", "plain")
                    .put("delta", -3));
        }
        assertEquals(
                List.of("1,\"'=HYPERLINK(\"\"http://x\"\")\",-0.5", "2,'@SUM(A1),2", "3,plain,-3"),
                Files.readAllLines(dir.resolve("m.csv")));
        try (Pipeline p = new Pipeline(
                dir, "csv:path=raw.csv,columns=/note,events=event-motion:1,header=false,neutralize_formulas=false")) {
            p.publish(p.envelope("event-motion", 1, "lobby", 1).put("note", "=1+1"));
        }
        assertEquals(List.of("=1+1"), Files.readAllLines(dir.resolve("raw.csv")), "turned off, as asked");
    }

    @Test
    void withoutMinifyObjectsAreIndentedInOneQuotedCell() throws Exception {
        try (Pipeline p = new Pipeline(dir, "csv:path=pretty.csv,columns=/frame_id,/box,minify=false,header=false")) {
            p.publishTracks(1, "lobby");
        }
        String text = Files.readString(dir.resolve("pretty.csv"));
        assertTrue(text.startsWith("0,\"{\n  \"\"l\"\" : 0.1,\n"), text);
    }

    private static ObjectNode region(double l, double w) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.putObject("box").put("l", l).put("t", 0.1).put("w", w).put("h", 0.2);
        return r;
    }

    @Test
    void appendingToAnExistingFileAddsNoSecondHeader() throws Exception {
        for (int run = 0; run < 2; run++) {
            try (Pipeline p = new Pipeline(dir, "csv:path=t.csv,separator=;")) {
                p.publishTracks(2, "dock");
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve("t.csv"));
        assertEquals(5, lines.size());
        assertEquals("$id;$version;event_id;channel;frame_id;frame_time;system_timestamp;system_date", lines.get(0));
        assertTrue(lines.get(1).startsWith("track;3;"), lines.get(1));
    }

    @Test
    void dynamicPathsGetTheirOwnHeader() throws Exception {
        try (Pipeline p = new Pipeline(dir, "csv:path=by-channel/{obj.channel}.csv,columns=/frame_id,header=true")) {
            p.publishTracks(4, "a", "b");
        }
        assertEquals(List.of("frame_id", "0", "2"), Files.readAllLines(dir.resolve("by-channel/a.csv")));
        assertEquals(List.of("frame_id", "1", "3"), Files.readAllLines(dir.resolve("by-channel/b.csv")));
    }

    @Test
    void aBadSeparatorOrColumnRefusesTheExporter() {
        try (Pipeline p = new Pipeline(dir, "csv:separator=;;", "csv:columns=")) {
            assertEquals(2, p.refusals().size(), p.refusals().toString());
            assertTrue(
                    p.refusals().get(0).contains("setting 'separator'"),
                    p.refusals().get(0));
            assertTrue(
                    p.refusals().get(1).contains("setting 'columns'"),
                    p.refusals().get(1));
        }
    }
}
