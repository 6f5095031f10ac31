package io.evex.runtime.analysis;

/**
 * A frame made in memory from grey pixels, for running stages without FFmpeg (tests, tools).
 * {@link #grey(int)} shrinks by averaging whole blocks of pixels, as FFmpeg's area scaler does.
 */
public final class MemoryFrame implements AnalysisFrame {

    private final String channel;
    private final long frameId;
    private final long ptsMicros;
    private final long epochMillis;
    private final byte[] pixels;
    private final int width;
    private final int height;

    /** A frame of {@code width x height} grey pixels, row by row. */
    public MemoryFrame(
            String channel, long frameId, long ptsMicros, long epochMillis, byte[] pixels, int width, int height) {
        new GreyImage(pixels, width, height); // checks the size
        this.channel = channel;
        this.frameId = frameId;
        this.ptsMicros = ptsMicros;
        this.epochMillis = epochMillis;
        this.pixels = pixels;
        this.width = width;
        this.height = height;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public long frameId() {
        return frameId;
    }

    @Override
    public long ptsMicros() {
        return ptsMicros;
    }

    @Override
    public long epochMillis() {
        return epochMillis;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public BgrImage bgr(int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(height - 1, (int) ((long) y * height / h));
            for (int x = 0; x < w; x++) {
                byte v = pixels[sy * width + Math.min(width - 1, (int) ((long) x * width / w))];
                int o = (y * w + x) * 3;
                out[o] = v;
                out[o + 1] = v;
                out[o + 2] = v;
            }
        }
        return new BgrImage(out, w, h);
    }

    @Override
    public GreyImage grey(int wanted) {
        int w = Math.min(wanted, width);
        int h = Math.max(2, (int) Math.round((double) height * w / width));
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = y * height / h;
            int y1 = Math.max(y0 + 1, (y + 1) * height / h);
            for (int x = 0; x < w; x++) {
                int x0 = x * width / w;
                int x1 = Math.max(x0 + 1, (x + 1) * width / w);
                int sum = 0;
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        sum += pixels[yy * width + xx] & 0xff;
                    }
                }
                out[y * w + x] = (byte) (sum / ((y1 - y0) * (x1 - x0)));
            }
        }
        return new GreyImage(out, w, h);
    }
}
