package io.evex.exporters.media.rtsp;

import io.evex.api.media.FrameObjects;
import io.evex.api.onvif.OnvifNotifications;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The documents of ONVIF's metadata stream ({@code tt:MetadataStream}, ONVIF Streaming
 * specification): one per analysed frame with a {@code tt:Object} per tracked object (its
 * number, its box in ONVIF's normalised coordinates, where x and y run from -1 to 1 and y points
 * up, and its class both as the 1.0 {@code tt:ClassCandidate} and as Profile M's {@code tt:Type}),
 * and one per batch of rule events as {@code tt:Event} notifications.
 */
final class OnvifMetadata {

    private static final String OPEN = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><tt:MetadataStream"
            + " xmlns:tt=\"http://www.onvif.org/ver10/schema\" xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\""
            + " xmlns:tns1=\"http://www.onvif.org/ver10/topics\">";
    private static final String CLOSE = "</tt:MetadataStream>";

    private OnvifMetadata() {}

    /** A frame's objects (an empty frame says that nothing is there now). */
    static byte[] frame(FrameObjects f) {
        StringBuilder b = new StringBuilder(256 + 420 * f.objects().size());
        b.append(OPEN)
                .append("<tt:VideoAnalytics><tt:Frame UtcTime=\"")
                .append(Instant.ofEpochMilli(f.epochMillis()))
                .append("\">");
        for (FrameObjects.Box o : f.objects()) {
            object(b, o);
        }
        return b.append("</tt:Frame></tt:VideoAnalytics>")
                .append(CLOSE)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void object(StringBuilder b, FrameObjects.Box o) {
        double l = clamp(o.l());
        double t = clamp(o.t());
        double w = Math.max(0, Math.min(o.w(), 1 - l));
        double h = Math.max(0, Math.min(o.h(), 1 - t));
        b.append("<tt:Object ObjectId=\"")
                .append(OnvifNotifications.objectId(o.trackingId()))
                .append("\"><tt:Appearance><tt:Shape><tt:BoundingBox left=\"");
        decimal(b, 2 * l - 1).append("\" top=\"");
        decimal(b, 1 - 2 * t).append("\" right=\"");
        decimal(b, 2 * (l + w) - 1).append("\" bottom=\"");
        decimal(b, 1 - 2 * (t + h)).append("\"/><tt:CenterOfGravity x=\"");
        decimal(b, 2 * (l + w / 2) - 1).append("\" y=\"");
        decimal(b, 1 - 2 * (t + h / 2))
                .append("\"/></tt:Shape><tt:Class><tt:ClassCandidate><tt:Type>")
                .append(classType(o.label()))
                .append("</tt:Type><tt:Likelihood>");
        decimal(b, o.confidence()).append("</tt:Likelihood></tt:ClassCandidate><tt:Type Likelihood=\"");
        decimal(b, o.confidence())
                .append("\">")
                .append(OnvifNotifications.escape(objectType(o.label())))
                .append("</tt:Type></tt:Class></tt:Appearance></tt:Object>");
    }

    /** Rule events, as the event service sends them. */
    static byte[] events(List<OnvifNotifications.Notification> notifications) {
        StringBuilder b = new StringBuilder(OPEN).append("<tt:Event>");
        for (OnvifNotifications.Notification n : notifications) {
            b.append(n.xml());
        }
        return b.append("</tt:Event>").append(CLOSE).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** ONVIF 1.0's closed list of classes (its own spelling of "vehicle"). */
    private static String classType(String label) {
        return switch (objectType(label)) {
            case "Human" -> "Human";
            case "Vehicle" -> "Vehical";
            case "Animal" -> "Animal";
            case "Face" -> "Face";
            default -> "Other";
        };
    }

    /** Profile M's object types for the classes detectors give (COCO's names); others as they are. */
    static String objectType(String label) {
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "person", "people", "pedestrian", "human" -> "Human";
            case "car", "truck", "bus", "vehicle", "van" -> "Vehicle";
            case "bicycle", "motorcycle", "motorbike", "bike" -> "Bike";
            case "face" -> "Face";
            case "license plate", "license_plate", "plate" -> "LicensePlate";
            case "cat", "dog", "bird", "horse", "sheep", "cow", "bear", "animal" -> "Animal";
            default -> label;
        };
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** Four decimals, without the garbage of {@code Double.toString} (no exponent, no allocation). */
    static StringBuilder decimal(StringBuilder b, double v) {
        long scaled = Math.round(v * 10_000);
        if (scaled < 0) {
            b.append('-');
            scaled = -scaled;
        }
        b.append(scaled / 10_000).append('.');
        long frac = scaled % 10_000;
        if (frac < 1000) {
            b.append('0');
        }
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        return b.append(frac);
    }
}
