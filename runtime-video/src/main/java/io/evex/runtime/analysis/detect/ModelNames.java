package io.evex.runtime.analysis.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Class names (or a classifier's labels) from a model's metadata: Ultralytics writes {@code names} as a Python dict
 * ({@code {0: 'person', 1: 'bicycle'}}); others a JSON list or object under {@code names},
 * {@code classes} or {@code labels}.
 */
public final class ModelNames {

    private static final Pattern ENTRY =
            Pattern.compile("\"?(\\d+)\"?\\s*:\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\")");
    private static final Pattern ITEM = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ModelNames() {}

    /** The names in the metadata, in class order, or an empty list when it has none. */
    public static List<String> of(Map<String, String> metadata) {
        for (String key : List.of("names", "classes", "labels")) {
            String v = metadata.get(key);
            if (v != null && !v.isBlank()) {
                List<String> names = parse(v.trim());
                if (!names.isEmpty()) {
                    return names;
                }
            }
        }
        return List.of();
    }

    static List<String> parse(String v) {
        if (v.startsWith("{")) {
            Map<Integer, String> byIndex = new TreeMap<>();
            Matcher m = ENTRY.matcher(v);
            while (m.find()) {
                byIndex.put(Integer.parseInt(m.group(1)), unescape(m.group(2) != null ? m.group(2) : m.group(3)));
            }
            List<String> names = new ArrayList<>();
            for (Map.Entry<Integer, String> e : byIndex.entrySet()) {
                while (names.size() < e.getKey()) {
                    names.add("class-" + names.size());
                }
                names.add(e.getValue());
            }
            return names;
        }
        if (v.startsWith("[")) {
            List<String> names = new ArrayList<>();
            Matcher m = ITEM.matcher(v);
            while (m.find()) {
                names.add(unescape(m.group(1) != null ? m.group(1) : m.group(2)));
            }
            return names;
        }
        return List.of();
    }

    private static String unescape(String s) {
        return s.replaceAll("\\\\(.)", "$1");
    }
}
