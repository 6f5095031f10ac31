package io.evex.api.onvif;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evex's rule events as ONVIF notifications (one instance per consumer: it keeps the properties'
 * states): a zone's objects as
 * {@code tns1:RuleEngine/FieldDetector/ObjectsInside} (a property: true while any object is inside),
 * a line crossing as {@code tns1:RuleEngine/LineDetector/Crossed}, motion as
 * {@code tns1:VideoSource/MotionAlarm} (a property: true on motion, false once the channel has had
 * none for {@value #MOTION_QUIET_MS} ms). The properties' states are kept, so a new subscription
 * starts with each one ({@code Initialized}).
 */
public final class OnvifNotifications {

    public static final String OBJECTS_INSIDE = "tns1:RuleEngine/FieldDetector/ObjectsInside";
    public static final String CROSSED = "tns1:RuleEngine/LineDetector/Crossed";
    public static final String MOTION = "tns1:VideoSource/MotionAlarm";
    public static final long MOTION_QUIET_MS = 2_000;

    /** One notification: its channel (who may see it), topic and {@code tt:Message}. */
    public record Notification(String channel, String topic, String message) {

        /** The {@code wsnt:NotificationMessage} a pull answers. */
        public String xml() {
            return "<wsnt:NotificationMessage><wsnt:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/"
                    + "ConcreteSet\">" + topic + "</wsnt:Topic><wsnt:Message>" + message
                    + "</wsnt:Message></wsnt:NotificationMessage>";
        }
    }

    /** The video source of a channel, as ONVIF's profiles name it. */
    public static String sourceToken(String channel) {
        return "source-" + channel;
    }

    /** The video source configuration of a channel's profile. */
    public static String sourceConfigurationToken(String channel) {
        return "source-config-" + channel;
    }

    /** The analytics configuration whose rules raise a channel's events. */
    public static String analyticsToken(String channel) {
        return "analytics-" + channel;
    }

    /** {@code text} safe inside an XML element or a double-quoted attribute (control characters dropped). */
    public static String escape(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String r = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? "" : null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                b.append(r != null ? r : String.valueOf(c));
            }
        }
        return b == null ? text : b.toString();
    }

    /** Per channel and zone, the objects inside now. */
    private final Map<String, Map<String, Set<String>>> inside = new HashMap<>();
    /** Per channel, when it last had motion (absent: none now). */
    private final Map<String, Long> motion = new HashMap<>();

    /** The notifications an event makes (none for types ONVIF has no topic for). */
    public synchronized List<Notification> of(JsonNode event) {
        String type = event.path("$id").asText();
        String channel = event.path("channel").asText();
        long at = event.path("system_timestamp").asLong(System.currentTimeMillis());
        return switch (type) {
            case "event-area-enter", "event-area-exit" -> List.of(zone(event, channel, at, type.endsWith("enter")));
            case "event-line-crossing" ->
                List.of(new Notification(
                        channel,
                        CROSSED,
                        message(
                                at,
                                null,
                                rule(channel, text(event, "line", "tripwire_id")),
                                item(
                                        "ObjectId",
                                        objectId(event.path("tracking_id").asText())))));
            case "event-motion" -> motion(channel, at);
            default -> List.of();
        };
    }

    private Notification zone(JsonNode event, String channel, long at, boolean enter) {
        String zone = text(event, "zone", "area_id");
        Set<String> objects =
                inside.computeIfAbsent(channel, c -> new HashMap<>()).computeIfAbsent(zone, z -> new HashSet<>());
        String id = event.path("tracking_id").asText();
        if (enter) {
            objects.add(id);
        } else {
            objects.remove(id);
        }
        return new Notification(
                channel,
                OBJECTS_INSIDE,
                message(at, "Changed", rule(channel, zone), item("IsInside", Boolean.toString(!objects.isEmpty()))));
    }

    private List<Notification> motion(String channel, long at) {
        Long before = motion.put(channel, at);
        return before != null ? List.of() : List.of(motionState(channel, at, "Changed", true));
    }

    /** Channels whose motion stopped {@value #MOTION_QUIET_MS} ms ago: their alarm goes false. */
    public synchronized List<Notification> quiet(long now) {
        List<Notification> out = new ArrayList<>();
        motion.entrySet().removeIf(e -> {
            if (now - e.getValue() < MOTION_QUIET_MS) {
                return false;
            }
            out.add(motionState(e.getKey(), now, "Changed", false));
            return true;
        });
        return out;
    }

    /** The properties as they are now, for a new subscription ({@code Initialized}). */
    public synchronized List<Notification> initial(long now) {
        List<Notification> out = new ArrayList<>();
        inside.forEach((channel, zones) -> zones.forEach((zone, objects) -> out.add(new Notification(
                channel,
                OBJECTS_INSIDE,
                message(
                        now,
                        "Initialized",
                        rule(channel, zone),
                        item("IsInside", Boolean.toString(!objects.isEmpty())))))));
        motion.keySet().forEach(channel -> out.add(motionState(channel, now, "Initialized", true)));
        return out;
    }

    private static Notification motionState(String channel, long at, String operation, boolean state) {
        return new Notification(
                channel,
                MOTION,
                message(at, operation, item("Source", sourceToken(channel)), item("State", Boolean.toString(state))));
    }

    private static String rule(String channel, String rule) {
        return item("VideoSourceConfigurationToken", sourceConfigurationToken(channel))
                + item("VideoAnalyticsConfigurationToken", analyticsToken(channel))
                + item("Rule", rule);
    }

    private static String item(String name, String value) {
        return "<tt:SimpleItem Name=\"" + name + "\" Value=\"" + escape(value) + "\"/>";
    }

    /** A {@code tt:Message}; {@code operation} null for an event that is not a property's change. */
    public static String message(long epochMillis, String operation, String source, String data) {
        return "<tt:Message UtcTime=\"" + Instant.ofEpochMilli(epochMillis) + "\""
                + (operation == null ? "" : " PropertyOperation=\"" + operation + "\"") + "><tt:Source>" + source
                + "</tt:Source><tt:Data>" + data + "</tt:Data></tt:Message>";
    }

    /**
     * ONVIF's object ids are integers: a tracking id's number ({@code t-7} is 7), else a stable
     * non-negative hash of it (ids from the API or an AI server may be any string).
     */
    public static String objectId(String trackingId) {
        int end = trackingId.length();
        int start = end;
        while (start > 0 && Character.isDigit(trackingId.charAt(start - 1)) && end - start < 18) {
            start--;
        }
        return start < end
                ? Long.toString(Long.parseLong(trackingId.substring(start)))
                : Integer.toString(trackingId.hashCode() & 0x7fffffff);
    }

    private static String text(JsonNode event, String field, String fallback) {
        String v = event.path(field).asText("");
        return v.isEmpty() ? event.path(fallback).asText("") : v;
    }
}
