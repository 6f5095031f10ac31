package io.evex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsSpecTest {

    private final SettingsSpec spec = SettingsSpec.of(
            Setting.text("path", "Output file", "events.jsonl"),
            Setting.checkbox("minify", "Minify", true),
            Setting.integer("quality", "JPEG quality", 90).withRange(1, 100),
            Setting.decimal("scale", "Scale", 1.0).withRange(0.1, 1.0),
            Setting.combobox("mode", "Mode", "events", List.of("events", "images")));

    @Test
    void defaultsApplyAndStringsFromTheCommandLineAreConverted() throws Exception {
        Settings s = spec.resolve(Map.of("minify", "false", "quality", "75", "scale", 0.5));
        assertEquals("events.jsonl", s.getString("path"));
        assertEquals(false, s.getBoolean("minify"));
        assertEquals(75, s.getInt("quality"));
        assertEquals(0.5, s.getDouble("scale"));
        assertEquals("events", s.getString("mode"));
    }

    @Test
    void everyProblemIsReportedWithItsSetting() {
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> spec.resolve(Map.of("quality", 101, "minify", "maybe", "mode", "video", "colour", "red")));
        assertEquals(4, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains("unknown setting 'colour'"), e.getMessage());
        assertTrue(e.getMessage().contains("setting 'quality': 101 is outside 1..100"), e.getMessage());
        assertTrue(e.getMessage().contains("setting 'minify': expected true or false, got 'maybe'"), e.getMessage());
        assertTrue(e.getMessage().contains("setting 'mode': 'video' is not one of [events, images]"), e.getMessage());
    }

    @Test
    void aRequiredSettingWithoutValueIsReported() {
        SettingsSpec withRequired =
                SettingsSpec.of(Setting.text("url", "URL", null).required());
        SettingsException e = assertThrows(SettingsException.class, () -> withRequired.resolve(Map.of()));
        assertEquals(List.of("setting 'url' is required"), e.problems());
    }
}
