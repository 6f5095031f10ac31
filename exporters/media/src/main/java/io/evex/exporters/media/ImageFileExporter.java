package io.evex.exporters.media;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import io.evex.api.RetriableExportException;
import io.evex.api.Template;
import io.evex.api.media.EncodedImage;
import io.evex.api.media.ImageExporter;
import io.evex.api.media.ImageRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes JPG or PNG images of each channel at a set rate. The path must be dynamic (so images do
 * not overwrite each other unless asked to: a constant path keeps only the latest image, which is
 * what a "latest snapshot" file wants). Each file appears whole: written aside, then renamed.
 */
final class ImageFileExporter implements Exporter, ImageExporter {

    private final String format;
    private ExporterContext context;
    private Template path;
    private ImageRequest request;
    private volatile String last = "";

    ImageFileExporter(String format) {
        this.format = format;
    }

    @Override
    public void start(ExporterContext ctx) {
        this.context = ctx;
        this.path = ctx.pathTemplate(ctx.settings().getString("path"));
        this.request = new ImageRequest(
                format,
                ctx.settings().getInt("width"),
                ctx.settings().getInt("height"),
                ctx.settings().getDouble("fps"),
                "jpg".equals(format) ? ctx.settings().getInt("quality") : 100,
                ctx.settings().getBoolean("annotated"));
    }

    @Override
    public ImageRequest imageRequest() {
        return request;
    }

    @Override
    public void write(EncodedImage image) throws ExportException {
        Path file = context.workingDirectory()
                .resolve(path.render(new MediaEvent(
                        image.channel(),
                        image.frameId(),
                        image.frameTime(),
                        image.epochMillis(),
                        image.width(),
                        image.height())));
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel out = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer data = image.data().duplicate();
                while (data.hasRemaining()) {
                    out.write(data);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            last = file.toString();
            context.counter("images").increment();
        } catch (AccessDeniedException e) {
            throw new PermanentExportException("cannot write " + file + ": permission denied");
        } catch (IOException e) {
            throw new RetriableExportException("cannot write " + file + ": " + e);
        }
    }

    @Override
    public void deliver(Event event) {
        // Image exporters take no events.
    }

    @Override
    public void stop() {}

    @Override
    public Map<String, Object> status() {
        return Map.of("last_image", last);
    }
}
