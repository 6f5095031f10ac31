package io.evex.runtime.extension;

import java.net.URI;
import java.util.Map;

/**
 * A channel's AI extension ({@code http_extension}): frames POSTed to {@code url} as the Azure LVA
 * HTTP extension contract describes, and the answers' {@code entity} inferences tracked like a
 * detector's.
 *
 * @param format {@code jpg}, {@code png}, {@code bmp} or {@code raw} (packed {@code bgr24})
 * @param width width of the pictures sent; 0 = the frame's (with {@code height} 0 too)
 * @param height height of the pictures sent; 0 = from the width, keeping the aspect
 * @param mode with both sides given: {@code preserve} (fit inside, aspect kept), {@code pad} (fit,
 *     then pad to exactly that size with black) or {@code stretch}
 * @param fps at most this many frames a second are sent
 * @param onlyWithMotion send only frames in which the motion detector sees something
 * @param maxInFlight requests at once; frames arriving while all are out are skipped and counted
 * @param timeoutMs longest wait for an answer
 * @param headers extra request headers (values already resolved from the environment)
 * @param query extra query parameters
 */
public record ExtensionSettings(
        URI url,
        String format,
        int width,
        int height,
        String mode,
        double fps,
        boolean onlyWithMotion,
        int maxInFlight,
        long timeoutMs,
        Map<String, String> headers,
        Map<String, String> query) {

    public ExtensionSettings {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("http_extension: url must be http:// or https://, not '" + url + "'");
        }
        if (!format.equals("jpg") && !format.equals("png") && !format.equals("bmp") && !format.equals("raw")) {
            throw new IllegalArgumentException(
                    "http_extension: format must be jpg, png, bmp or raw, not '" + format + "'");
        }
        if (!mode.equals("preserve") && !mode.equals("pad") && !mode.equals("stretch")) {
            throw new IllegalArgumentException(
                    "http_extension: mode must be preserve, pad or stretch, not '" + mode + "'");
        }
        if (width < 0 || height < 0 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("http_extension: width and height must be 0 to 8192");
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("http_extension: fps must be above 0, not " + fps);
        }
        if (maxInFlight < 1 || maxInFlight > 64) {
            throw new IllegalArgumentException("http_extension: max_in_flight must be 1 to 64, not " + maxInFlight);
        }
        if (timeoutMs < 100) {
            throw new IllegalArgumentException(
                    "http_extension: timeout must be at least 100ms, not " + timeoutMs + "ms");
        }
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    /** The defaults for {@code url}: JPEG at the frame's size, 5 fps, one request at a time, 5 s time-out. */
    public static ExtensionSettings of(URI url) {
        return new ExtensionSettings(url, "jpg", 0, 0, "preserve", 5, false, 1, 5000, Map.of(), Map.of());
    }

    /**
     * The size of the picture sent for a {@code w x h} frame, and where the frame lies in it (for
     * {@code pad}): {@code {width, height, x, y, innerWidth, innerHeight}}, all even.
     */
    public int[] layout(int w, int h) {
        if (width == 0 && height == 0) {
            return new int[] {even(w), even(h), 0, 0, even(w), even(h)};
        }
        if (height == 0 || width == 0) {
            int outW = width > 0 ? width : (int) Math.round((double) w * height / h);
            int outH = height > 0 ? height : (int) Math.round((double) h * width / w);
            return new int[] {even(outW), even(outH), 0, 0, even(outW), even(outH)};
        }
        if (mode.equals("stretch")) {
            return new int[] {even(width), even(height), 0, 0, even(width), even(height)};
        }
        double r = Math.min((double) width / w, (double) height / h);
        int innerW = even((int) Math.round(w * r));
        int innerH = even((int) Math.round(h * r));
        if (mode.equals("preserve")) {
            return new int[] {innerW, innerH, 0, 0, innerW, innerH};
        }
        return new int[] {
            even(width), even(height), (even(width) - innerW) / 2 & ~1, (even(height) - innerH) / 2 & ~1, innerW, innerH
        };
    }

    private static int even(int v) {
        return Math.max(2, v & ~1);
    }
}
