package io.evex.runtime.source;

import io.evex.runtime.analysis.FrameStamp;
import io.evex.runtime.analysis.crop.Colour;
import io.evex.runtime.analysis.crop.CropJob;
import io.evex.runtime.analysis.crop.Cut;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The synthetic source's pictures of its objects: a plain block in a colour per class, a real JPEG
 * encoded once (the picture of an 8 % x 15 % box of a 320x180 scene), so that {@code crop},
 * {@code best-crop} and {@code attribute} events look as the video pipeline's do.
 */
final class SyntheticPictures {

    static final int WIDTH = 26;
    static final int HEIGHT = 27;

    private static final Colour[] COLOURS = {
        new Colour("blue", 1, 40, 70, 200), new Colour("red", 1, 200, 40, 30), new Colour("green", 1, 40, 160, 60)
    };

    private final byte[][] jpegs = new byte[COLOURS.length][];

    SyntheticPictures() {
        for (int i = 0; i < COLOURS.length; i++) {
            jpegs[i] = block(COLOURS[i]);
        }
    }

    /** The colour of objects of the {@code kind}-th class. */
    Colour colour(int kind) {
        return COLOURS[kind % COLOURS.length];
    }

    /** A picture of an object of the {@code kind}-th class, as a finished cut. */
    Cut cut(FrameStamp frame, CropJob job, int kind) {
        return new Cut(job, frame, jpegs[kind % jpegs.length], WIDTH, HEIGHT, colour(kind));
    }

    private static byte[] block(Colour c) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(new Color(c.red(), c.green(), c.blue()));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
