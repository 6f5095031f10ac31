package io.evex.runtime.media;

import io.evex.api.media.EncodedImage;
import io.evex.api.media.ImageExporter;
import io.evex.api.media.ImageRequest;

/** An {@link ImageExporter}'s outlet: images beyond a few waiting are dropped and counted. */
final class ImageOutlet extends Outlet {

    static final int LIMIT = 8;

    private final ImageExporter exporter;
    private final ImageRequest request;

    ImageOutlet(String name, ImageExporter exporter, ImageRequest request, ClassLoader loader) {
        super(name, loader, LIMIT);
        this.exporter = exporter;
        this.request = request;
    }

    ImageRequest request() {
        return request;
    }

    void image(EncodedImage image, boolean wait) {
        data(() -> exporter.write(image), wait);
    }
}
