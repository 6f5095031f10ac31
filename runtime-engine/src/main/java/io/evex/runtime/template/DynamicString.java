package io.evex.runtime.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.Event;
import io.evex.api.Template;
import io.evex.api.TemplateException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A compiled dynamic string; see {@link Template} for the tags. Compilation checks everything
 * that can be checked without an event (syntax, tag names, time formats, settings), so a bad
 * pattern fails when the configuration loads, not on the first event.
 */
public final class DynamicString implements Template {

    /** The format of {@code {sys.time}} without an explicit one: sortable and safe in file names. */
    public static final String DEFAULT_TIME_FORMAT = "%Y%m%dT%H%M%S";

    private final String pattern;
    private final Part[] parts;
    private final boolean constant;

    private DynamicString(String pattern, List<Part> parts) {
        this.pattern = pattern;
        this.parts = parts.toArray(new Part[0]);
        this.constant = parts.stream().allMatch(p -> p instanceof Literal);
    }

    /**
     * Compiles a pattern.
     *
     * @param settings values reachable as {@code {settings.key}}
     * @param counters the counters behind {@code {sys.count label}}, shared by the templates of one exporter
     * @param forPath whether event values are made safe as single path segments
     * @throws IllegalArgumentException naming the position and the problem
     */
    public static DynamicString compile(
            String pattern, Map<String, ?> settings, Counters counters, Clock clock, boolean forPath) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '{' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '}') {
                throw new IllegalArgumentException(
                        at(pattern, i) + "a '}' without its '{' (write '}}' for a literal brace)");
            } else if (c == '{') {
                int end = pattern.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException(at(pattern, i) + "a '{' is not closed");
                }
                String tag = pattern.substring(i + 1, end).trim();
                Part part = tag(pattern, i, tag, settings, counters, clock, forPath);
                if (part instanceof Literal l) {
                    literal.append(l.text);
                } else {
                    if (literal.length() > 0) {
                        parts.add(new Literal(literal.toString()));
                        literal.setLength(0);
                    }
                    parts.add(part);
                }
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0 || parts.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new DynamicString(pattern, parts);
    }

    private static Part tag(
            String pattern,
            int pos,
            String tag,
            Map<String, ?> settings,
            Counters counters,
            Clock clock,
            boolean forPath) {
        if (tag.startsWith("obj.")) {
            String path = tag.substring(4);
            String fallback = null;
            int bar = path.indexOf('|');
            if (bar >= 0) {
                fallback = path.substring(bar + 1);
                path = path.substring(0, bar);
            }
            if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
                throw new IllegalArgumentException(
                        at(pattern, pos) + "'{" + tag + "}' is not a property path such as {obj.location.x}");
            }
            if (path.equals("$id") || path.equals("channel") || path.equals("event_id")) {
                return new EnvelopeField(path, fallback, forPath);
            }
            return new Property(path.split("\\."), fallback, forPath);
        }
        if (tag.equals("sys.time") || tag.startsWith("sys.time ")) {
            String format = tag.length() > 8 ? tag.substring(9).trim() : DEFAULT_TIME_FORMAT;
            try {
                return new Time(Strftime.toFormatter(format), clock);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at(pattern, pos) + e.getMessage());
            }
        }
        if (tag.equals("sys.count") || tag.startsWith("sys.count ")) {
            return new Count(counters.get(tag.length() > 9 ? tag.substring(10).trim() : ""));
        }
        if (tag.startsWith("settings.")) {
            String key = tag.substring(9);
            if (!settings.containsKey(key)) {
                throw new IllegalArgumentException(
                        at(pattern, pos) + "no setting '" + key + "' (settings: " + settings.keySet() + ")");
            }
            return new Literal(String.valueOf(settings.get(key)));
        }
        throw new IllegalArgumentException(at(pattern, pos) + "unknown tag '{" + tag
                + "}' (use {obj.field}, {sys.time [format]}, {sys.count [label]} or {settings.key})");
    }

    private static String at(String pattern, int pos) {
        return "in '" + pattern + "' at position " + (pos + 1) + ": ";
    }

    @Override
    public String render(Event event) throws TemplateException {
        if (parts.length == 1 && parts[0] instanceof Literal l) {
            return l.text;
        }
        StringBuilder sb = new StringBuilder(pattern.length() + 32);
        for (Part part : parts) {
            part.appendTo(sb, event);
        }
        return sb.toString();
    }

    @Override
    public boolean isConstant() {
        return constant;
    }

    @Override
    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** The counters of {@code {sys.count label}}, starting at 1, one per label. */
    public static final class Counters {
        private final Map<String, AtomicLong> byLabel = new ConcurrentHashMap<>();

        AtomicLong get(String label) {
            return byLabel.computeIfAbsent(label, l -> new AtomicLong());
        }
    }

    private interface Part {
        void appendTo(StringBuilder sb, Event event) throws TemplateException;
    }

    private record Literal(String text) implements Part {
        @Override
        public void appendTo(StringBuilder sb, Event event) {
            sb.append(text);
        }
    }

    private record Time(DateTimeFormatter formatter, Clock clock) implements Part {
        @Override
        public void appendTo(StringBuilder sb, Event event) {
            formatter.formatTo(ZonedDateTime.now(clock), sb);
        }
    }

    private record Count(AtomicLong counter) implements Part {
        @Override
        public void appendTo(StringBuilder sb, Event event) {
            sb.append(counter.incrementAndGet());
        }
    }

    /**
     * {@code {obj.$id}}, {@code {obj.channel}}, {@code {obj.event_id}}: read from the event's envelope
     * accessors, which an event read back from a spool answers without parsing its JSON.
     */
    private record EnvelopeField(String name, String fallback, boolean forPath) implements Part {
        @Override
        public void appendTo(StringBuilder sb, Event event) throws TemplateException {
            String value = switch (name) {
                case "$id" -> event.type();
                case "channel" -> event.channel();
                default -> event.eventId();
            };
            if (value == null || value.isEmpty()) {
                new Property(new String[] {name}, fallback, forPath).appendTo(sb, event); // its message, or fallback
                return;
            }
            sb.append(forPath ? Property.pathSafe(value) : value);
        }
    }

    private record Property(String[] path, String fallback, boolean forPath) implements Part {
        @Override
        public void appendTo(StringBuilder sb, Event event) throws TemplateException {
            JsonNode node = event.json();
            for (String segment : path) {
                node = node.isArray() && isIndex(segment) ? node.path(Integer.parseInt(segment)) : node.path(segment);
            }
            if (node.isMissingNode() || node.isNull()) {
                if (fallback == null) {
                    throw new TemplateException("event " + event + " has no property '" + String.join(".", path)
                            + "' needed by {obj." + String.join(".", path) + "} (add a fallback: {obj."
                            + String.join(".", path) + "|unknown})");
                }
                sb.append(fallback);
                return;
            }
            String value = node.isValueNode() ? node.asText() : node.toString();
            sb.append(forPath ? pathSafe(value) : value);
        }

        private static boolean isIndex(String s) {
            return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
        }

        private static String pathSafe(String value) {
            String safe = value.replace('/', '_').replace('\\', '_').replace('\0', '_');
            return safe.equals("..") || safe.equals(".") || safe.isEmpty() ? "_" : safe.replace("..", "__");
        }
    }
}
