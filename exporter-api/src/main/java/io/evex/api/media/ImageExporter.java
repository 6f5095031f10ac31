package io.evex.api.media;

import io.evex.api.ExportException;

/**
 * An exporter of still images (JPG/PNG files, uploads, ...). The runtime calls {@link #write}
 * on the exporter's own media thread at most at the requested rate per channel.
 */
public interface ImageExporter {

    /**
     * The images wanted; asked once, after {@code start}. Null for none: an exporter that takes
     * pictures only when a setting asks (the {@code mqtt} exporter's Home Assistant pictures).
     */
    ImageRequest imageRequest();

    /** One image of a channel. */
    void write(EncodedImage image) throws ExportException;
}
