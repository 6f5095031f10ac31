package io.evex.runtime.api;

/**
 * One encoded picture of a channel's frame: which frame, when, and the bytes; shared as is by every
 * client that asked for the same frame in the same form.
 */
record Picture(String channel, long frameId, long epochMillis, String format, int width, int height, byte[] bytes) {

    /** A strong validator: the same frame in the same form is the same bytes. */
    String etag() {
        return "\"" + channel + "-" + frameId + "-" + format + "-" + width + "x" + height + "\"";
    }

    String contentType() {
        return format.equals("png") ? "image/png" : "image/jpeg";
    }
}
