package io.evex.api;

import java.util.ArrayList;
import java.util.List;

/** Converts one raw value to the Java type of its setting, checking range and options. */
final class SettingValues {

    private SettingValues() {}

    static Object coerce(Setting s, Object value) {
        return switch (s.type()) {
            case INT -> inRange(s, toLong(value));
            case FLOAT -> inRange(s, toDouble(value));
            case CHECKBOX -> toBoolean(value);
            case TEXT -> toText(value);
            case COMBOBOX -> oneOf(s, toText(value));
            case DURATION -> toDuration(s, value);
        };
    }

    private static long toLong(Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (value instanceof String str) {
            try {
                return Long.parseLong(str.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("expected a whole number, got '" + value + "'");
    }

    private static double toDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String str) {
            try {
                return Double.parseDouble(str.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("expected a number, got '" + value + "'");
    }

    private static boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String str) {
            switch (str.trim().toLowerCase()) {
                case "true", "1", "yes", "on":
                    return true;
                case "false", "0", "no", "off":
                    return false;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("expected true or false, got '" + value + "'");
    }

    private static String toText(Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object item : list) {
                parts.add(toText(item));
            }
            return String.join(",", parts);
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("expected text, got '" + value + "'");
    }

    /** Kept as its canonical text, so that settings stay plain JSON values; read with {@link Settings#getDuration}. */
    private static String toDuration(Setting s, Object value) {
        if (value instanceof Number) {
            throw new IllegalArgumentException(
                    "'" + value + "' has no unit: write it as " + value + "ms or " + value + "s");
        }
        java.time.Duration d = Durations.parse(String.valueOf(value));
        long ms = d.toMillis();
        if ((s.min() != null && ms < s.min()) || (s.max() != null && ms > s.max())) {
            throw new IllegalArgumentException(value + " is outside "
                    + Durations.ofMillis(s.min() == null ? 0 : s.min()) + ".."
                    + (s.max() == null ? "" : Durations.ofMillis(s.max())));
        }
        return Durations.format(d);
    }

    private static <T extends Number> T inRange(Setting s, T n) {
        double d = n.doubleValue();
        if ((s.min() != null && d < s.min()) || (s.max() != null && d > s.max())) {
            throw new IllegalArgumentException(n + " is outside " + fmt(s.min()) + ".." + fmt(s.max()));
        }
        return n;
    }

    private static String oneOf(Setting s, String value) {
        if (!s.options().contains(value)) {
            throw new IllegalArgumentException("'" + value + "' is not one of " + s.options());
        }
        return value;
    }

    private static String fmt(Double d) {
        if (d == null) {
            return "";
        }
        return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
    }
}
