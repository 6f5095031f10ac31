package io.evex.runtime.aiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.BgrImage;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.detect.DetectorException;
import io.evex.runtime.analysis.detect.OnnxDetector;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.HttpService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The built-in detector behind the Azure LVA HTTP extension contract ({@code evex ai-server}):
 * {@code POST /score} with a JPEG, PNG, BMP or raw ({@code image/x-raw; format=bgr24|rgb24;
 * width=..; height=..}) picture answers {@code inferences} of type {@code entity} with boxes
 * normalised to the picture, or 204 when nothing is found. One model, one picture at a time; when
 * more than {@value #QUEUE} wait, the answer is 503 with {@code Retry-After: 1}, as the contract
 * says a busy server should.
 */
public final class AiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int QUEUE = 4;

    private final OnnxDetector detector;
    private final Semaphore waiting = new Semaphore(QUEUE + 1);
    private final LongAdder pictures = new LongAdder();
    private final Javalin app;

    public AiServer(OnnxDetector detector, String bind, int port) {
        this.detector = detector;
        this.app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.startup.showOldJavalinVersionWarning = false;
                    config.jetty.threadPool = new QueuedThreadPool(64, 4, 60_000);
                    config.http.maxRequestSize = 64L * 1024 * 1024;
                    config.routes.exception(ApiException.class, (e, ctx) -> HttpService.error(ctx, e));
                    config.routes.post("/score", this::score);
                })
                .start(bind, port);
    }

    public int port() {
        return app.port();
    }

    /** Pictures scored so far. */
    public long pictures() {
        return pictures.sum();
    }

    private void score(Context ctx) throws DetectorException {
        BgrImage image = fitted(picture(ctx));
        if (!waiting.tryAcquire()) {
            ctx.header("Retry-After", "1");
            throw new ApiException(503, "busy", "the model is busy; try again in a second", null);
        }
        List<Detection> found;
        try {
            synchronized (detector) {
                found = detector.detect(image);
            }
        } finally {
            waiting.release();
        }
        pictures.increment();
        if (found.isEmpty()) {
            ctx.status(204);
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("inferences");
        for (Detection d : found) {
            ObjectNode entity = list.addObject().put("type", "entity").putObject("entity");
            entity.putObject("tag").put("value", d.label()).put("confidence", round(d.confidence()));
            entity.putObject("box")
                    .put("l", round(d.l()))
                    .put("t", round(d.t()))
                    .put("w", round(d.w()))
                    .put("h", round(d.h()));
        }
        ctx.contentType("application/json").result(body.toString());
    }

    /** The request's picture, whatever the contract's format. */
    static BufferedImage picture(Context ctx) {
        String header = ctx.header("Content-Type") == null ? "" : ctx.header("Content-Type");
        String type = header.split(";")[0].trim().toLowerCase(Locale.ROOT);
        byte[] body = ctx.bodyAsBytes();
        if (type.equals("image/x-raw")) {
            return raw(header, ctx, body);
        }
        if (!type.equals("image/jpeg") && !type.equals("image/png") && !type.equals("image/bmp")) {
            throw new ApiException(
                    415,
                    "unsupported_media_type",
                    "send image/jpeg, image/png, image/bmp or image/x-raw, not '" + type + "'",
                    "Content-Type");
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(body));
            if (image == null) {
                throw ApiException.badRequest("body", "the body is no " + type + " picture");
            }
            return image;
        } catch (IOException e) {
            throw ApiException.badRequest("body", "the " + type + " picture cannot be read: " + e.getMessage());
        }
    }

    private static BufferedImage raw(String header, Context ctx, byte[] body) {
        String format = param(header, "format", ctx.header("X-Pixel-Format"), "bgr24");
        int width = Integer.parseInt(param(header, "width", ctx.header("X-Image-Width"), "0"));
        int height = Integer.parseInt(param(header, "height", ctx.header("X-Image-Height"), "0"));
        if (!format.equals("bgr24") && !format.equals("rgb24")) {
            throw ApiException.badRequest("format", "raw pixels must be bgr24 or rgb24, not " + format);
        }
        if (width <= 0 || height <= 0 || (long) width * height * 3 != body.length) {
            throw ApiException.badRequest(
                    "body", body.length + " bytes are not " + width + "x" + height + " pixels of " + format);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (format.equals("bgr24")) {
            System.arraycopy(body, 0, pixels, 0, body.length);
        } else {
            for (int i = 0; i < body.length; i += 3) {
                pixels[i] = body[i + 2];
                pixels[i + 1] = body[i + 1];
                pixels[i + 2] = body[i];
            }
        }
        return image;
    }

    private static String param(String header, String name, String fallbackHeader, String fallback) {
        for (String part : header.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase(name)) {
                return kv[1].trim().toLowerCase(Locale.ROOT);
            }
        }
        return fallbackHeader != null ? fallbackHeader.trim().toLowerCase(Locale.ROOT) : fallback;
    }

    /** The picture scaled (bilinear) as the model's input wants it, as BGR. */
    private BgrImage fitted(BufferedImage image) {
        int[] size = detector.model().input().scaled(image.getWidth(), image.getHeight());
        int w = size[0];
        int h = size[1];
        BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        var g = bgr.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        return new BgrImage(pixels, w, h);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    @Override
    public void close() {
        app.stop();
        detector.close();
    }
}
