package io.evex.runtime.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.TemplateException;
import io.evex.runtime.bus.SharedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamicStringTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T15:10:05.123456Z"), ZoneOffset.UTC);
    private final DynamicString.Counters counters = new DynamicString.Counters();
    private final SharedEvent event;

    DynamicStringTest() throws Exception {
        ObjectNode json = (ObjectNode)
                new ObjectMapper()
                        .readTree(
                                "{\"$id\":\"track\",\"$version\":2,\"channel\":\"lobby\","
                                        + "\"frame_id\":1234,\"object\":{\"class\":\"Person\"},\"regions\":[{\"l\":0.5}],\"zone\":\"a/../b\"}");
        event = new SharedEvent(json, "track", 2);
    }

    private String render(String pattern) throws TemplateException {
        return DynamicString.compile(pattern, Map.of("path", "out", "q", 90L), counters, clock, false)
                .render(event);
    }

    @Test
    void objectPropertiesTimeCountersAndSettings() throws Exception {
        assertEquals(
                "out/lobby/1234-Person.json",
                render("{settings.path}/{obj.channel}/{obj.frame_id}-{obj.object.class}.json"));
        assertEquals("track-2", render("{obj.$id}-{obj.$version}"));
        assertEquals("0.5", render("{obj.regions.0.l}"));
        assertEquals("20261123T151005", render("{sys.time}"));
        assertEquals("2026-11-23 15:10:05.123456 %", render("{sys.time %Y-%m-%d %H:%M:%S.%f %%}"));
        assertEquals("1 2 1", render("{sys.count} {sys.count} {sys.count other}"));
        assertEquals("{literal}", render("{{literal}}"));
    }

    @Test
    void aMissingPropertyIsAClearErrorUnlessAFallbackIsGiven() throws Exception {
        TemplateException e = assertThrows(TemplateException.class, () -> render("x/{obj.area.name}"));
        assertTrue(e.getMessage().contains("has no property 'area.name'"), e.getMessage());
        assertEquals("x/none", render("x/{obj.area.name|none}"));
    }

    @Test
    void pathTemplatesKeepEventValuesInOneFolderLevel() throws Exception {
        DynamicString path = DynamicString.compile("out/{obj.zone}.json", Map.of(), counters, clock, true);
        assertEquals("out/a____b.json", path.render(event));
        assertFalse(path.isConstant());
        assertTrue(DynamicString.compile("out/{settings.path}.json", Map.of("path", "x"), counters, clock, true)
                .isConstant());
    }

    @Test
    void malformedPatternsFailAtCompileTimeWithThePosition() {
        assertEquals("in 'a{obj.x' at position 2: a '{' is not closed", compileError("a{obj.x"));
        assertTrue(compileError("a}b").contains("position 2: a '}' without its '{'"));
        assertTrue(compileError("{foo.bar}").contains("unknown tag '{foo.bar}'"));
        assertTrue(compileError("{settings.nope}").contains("no setting 'nope'"));
        assertTrue(compileError("{sys.time %Q}").contains("%Q is not supported"));
        assertTrue(compileError("{obj.}").contains("is not a property path"));
    }

    private String compileError(String pattern) {
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> DynamicString.compile(pattern, Map.of(), counters, clock, false))
                .getMessage();
    }
}
