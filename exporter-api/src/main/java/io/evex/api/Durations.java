package io.evex.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as every Evex setting writes them: a number and a unit, {@code 250ms}, {@code 30s},
 * {@code 1.5m}, {@code 2h}, {@code 7d}. A bare number is refused: its unit would be a guess.
 */
public final class Durations {

    /** The form the configuration schema checks too (kept identical to its {@code duration} pattern). */
    public static final String PATTERN = "^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$";

    private static final Pattern FORM = Pattern.compile(PATTERN);

    private Durations() {}

    /**
     * Reads a duration.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: write a number and a unit, such as 500ms, 30s, 5m, 2h or 7d");
        }
        String unit = m.group(2);
        BigDecimal number = new BigDecimal(text.trim().substring(0, text.trim().length() - unit.length()));
        long perUnit = switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        return Duration.ofMillis(number.multiply(BigDecimal.valueOf(perUnit)).longValue());
    }

    /** The shortest exact text for a duration: {@code 7d}, {@code 90s}, {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    /** A former numeric setting in milliseconds, written the new way. */
    public static String ofMillis(Number ms) {
        return format(Duration.ofMillis(Math.round(ms.doubleValue())));
    }

    /** A former numeric setting in seconds (decimals allowed), written the new way. */
    public static String ofSeconds(Number s) {
        return format(Duration.ofMillis(Math.round(s.doubleValue() * 1000)));
    }
}
