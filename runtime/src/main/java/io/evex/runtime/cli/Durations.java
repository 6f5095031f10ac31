package io.evex.runtime.cli;

import java.time.Duration;

/** Parses 30s, 5m, 1h, 250ms or a plain number of seconds. */
final class Durations {
    private Durations() {}

    static Duration parse(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            char unit = t.charAt(t.length() - 1);
            double n = Character.isDigit(unit)
                    ? Double.parseDouble(t)
                    : Double.parseDouble(t.substring(0, t.length() - 1));
            long ms = switch (unit) {
                case 'h' -> (long) (n * 3_600_000);
                case 'm' -> (long) (n * 60_000);
                default -> (long) (n * 1000);
            };
            if (ms <= 0 || (!Character.isDigit(unit) && "hms".indexOf(unit) < 0)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--duration '" + text + "' is not a duration such as 30s, 5m or 1h");
        }
    }
}
