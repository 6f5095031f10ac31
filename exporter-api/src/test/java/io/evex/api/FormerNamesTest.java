package io.evex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.tls.TlsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Durations with units, and settings written under former names read as the current ones. */
class FormerNamesTest {

    private final SettingsSpec spec = SettingsSpec.of(
                    List.of(
                            Setting.text("servers", "Servers", "localhost:1883"),
                            Setting.duration("timeout", "Time-out", "5s").withRange(100, 60_000),
                            Setting.integer("max_in_flight", "In flight", 10)),
                    TlsSettings.SETTINGS)
            .formerly(
                    Former.converted("host", "servers", v -> v + ":1883"),
                    Former.millis("timeout_ms", "timeout"),
                    Former.renamed("max_inflight", "max_in_flight"),
                    Former.tlsBlock("ca_file", "ca_file", "tls_verify", "verify_host"));

    @Test
    void durationsNeedAUnitAndAreKeptAsTheirShortestText() {
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("2m", Durations.format(Duration.ofSeconds(120)));
        assertEquals("1500ms", Durations.ofMillis(1500));
        assertEquals("2500ms", Durations.ofSeconds(2.5));
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> Durations.parse("30"));
        assertTrue(bare.getMessage().contains("500ms, 30s"), bare.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
    }

    @Test
    void aDurationSettingRefusesABareNumberAndChecksItsRange() {
        SettingsException bare = assertThrows(SettingsException.class, () -> spec.resolve(Map.of("timeout", 500)));
        assertTrue(bare.getMessage().contains("'500' has no unit: write it as 500ms or 500s"), bare.getMessage());
        SettingsException range = assertThrows(SettingsException.class, () -> spec.resolve(Map.of("timeout", "2m")));
        assertTrue(range.getMessage().contains("2m is outside 100ms..1m"), range.getMessage());
    }

    @Test
    void formerNamesMeanWhatTheCurrentOnesMeanAndSaySo() throws Exception {
        Settings former = spec.resolve(Map.of(
                "host",
                "broker.lan",
                "timeout_ms",
                2500,
                "max_inflight",
                5,
                "tls",
                true,
                "ca_file",
                "ca.pem",
                "tls_verify",
                false));
        Settings current = spec.resolve(Map.of(
                "servers",
                "broker.lan:1883",
                "timeout",
                "2500ms",
                "max_in_flight",
                5,
                "tls",
                Map.of("enabled", true, "ca_file", "ca.pem", "verify_host", false)));
        assertEquals(current.asMap(), former.asMap());
        assertEquals(Duration.ofMillis(2500), former.getDuration("timeout"));
        assertEquals(List.of(), current.renamed());
        assertEquals(4, former.renamed().size(), former.renamed().toString());
        assertTrue(former.renamed().stream()
                .anyMatch(r -> r.advice().equals("'timeout_ms' is deprecated: write timeout: 2500ms")));
        assertTrue(
                former.renamed().stream()
                        .anyMatch(
                                r -> r.advice()
                                        .equals(
                                                "'tls' and 'ca_file' and 'tls_verify' are deprecated: write tls: {enabled: true, ca_file: ca.pem, verify_host: false}")));
        // the block may also be written flat, as --export does
        assertEquals(true, spec.resolve(Map.of("tls.enabled", "true")).getBoolean("tls.enabled"));
    }

    @Test
    void aValueUnderBothNamesIsAProblemNotAGuess() {
        SettingsException both =
                assertThrows(SettingsException.class, () -> spec.resolve(Map.of("timeout", "1s", "timeout_ms", 500)));
        assertTrue(both.getMessage().contains("given as 'timeout' and as its former [timeout_ms]"), both.getMessage());
    }
}
