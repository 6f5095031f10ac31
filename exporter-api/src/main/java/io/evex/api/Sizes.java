package io.evex.api;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as configurations write them: a number and a unit, {@code 512KB}, {@code 6MB}, {@code 2GB}
 * ({@code B}, {@code KB}, {@code MB}, {@code GB}, {@code TB}; powers of 1024, as disks and memory
 * are usually counted).
 */
public final class Sizes {

    /** The form a size takes, for schemas. */
    public static final String PATTERN = "^[0-9]+(\\.[0-9]+)?(B|KB|MB|GB|TB)$";

    private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(B|KB|MB|GB|TB)");

    private Sizes() {}

    /**
     * Reads a size in bytes.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size: write a number and a unit, such as 512KB, 6MB or 2GB");
        }
        int power = switch (m.group(2)) {
            case "B" -> 0;
            case "KB" -> 1;
            case "MB" -> 2;
            case "GB" -> 3;
            default -> 4;
        };
        return new BigDecimal(m.group(1))
                .multiply(BigDecimal.valueOf(1L << (10 * power)))
                .longValue();
    }

    /** The shortest exact text for a size: {@code 16MB}, {@code 1536KB}, {@code 100B}. */
    public static String format(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int i = 0;
        while (i < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
            bytes /= 1024;
            i++;
        }
        return bytes + units[i];
    }
}
