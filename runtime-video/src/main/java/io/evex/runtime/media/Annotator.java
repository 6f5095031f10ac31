package io.evex.runtime.media;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Draws detection boxes on a planar YUV 4:2:0 frame (red outlines), in place. Works on direct
 * views of the planes: no pixel leaves native memory.
 */
final class Annotator {

    private static final byte Y = (byte) 81;
    private static final byte U = (byte) 90;
    private static final byte V = (byte) 240;

    private Annotator() {}

    /** Zones and lines: yellow. */
    private static final byte SCENE_Y = (byte) 210;

    private static final byte SCENE_U = (byte) 16;
    private static final byte SCENE_V = (byte) 146;

    /** A frame's three planes, as writable views, with their sizes and strides. */
    private record Planes(ByteBuffer y, ByteBuffer cb, ByteBuffer cr, int ls, int cs, int w, int h) {

        /** The planes of a YUV420P/YUVJ420P frame; null for any other format (nothing is drawn). */
        static Planes of(AVFrame frame) {
            int format = frame.format();
            if (format != avutil.AV_PIX_FMT_YUV420P && format != avutil.AV_PIX_FMT_YUVJ420P) {
                return null;
            }
            int h = frame.height();
            return new Planes(
                    plane(frame, 0, h),
                    plane(frame, 1, (h + 1) / 2),
                    plane(frame, 2, (h + 1) / 2),
                    frame.linesize(0),
                    frame.linesize(1),
                    frame.width(),
                    h);
        }
    }

    /** Draws {@code l,t,w,h} quadruples (0..1) on {@code frame}, which must be writable YUV420P/YUVJ420P. */
    static void draw(AVFrame frame, float[] boxes) {
        draw(frame, boxes, new float[0]);
    }

    /**
     * Draws the scene's {@code x0,y0,x1,y1} segments (zones, lines) in yellow, then the {@code l,t,w,h}
     * boxes (0..1) in red, on {@code frame}, which must be writable YUV420P/YUVJ420P.
     */
    static void draw(AVFrame frame, float[] boxes, float[] scene) {
        draw(frame, boxes, scene, new String[0]);
    }

    /** The same, with each box's label (class and id; null for none) written above it in red capitals. */
    static void draw(AVFrame frame, float[] boxes, float[] scene, String[] labels) {
        if (boxes.length == 0 && scene.length == 0) {
            return;
        }
        Planes p = Planes.of(frame);
        if (p == null) {
            return;
        }
        segments(p, scene);
        boxes(p, boxes);
        for (int i = 0; i < labels.length && i * 4 + 3 < boxes.length; i++) {
            if (labels[i] != null && !labels[i].isEmpty()) {
                label(p, labels[i], boxes[i * 4], boxes[i * 4 + 1]);
            }
        }
    }

    /** Writes {@code text} just above the box's top-left corner (inside the picture), dots of {@code scale} pixels. */
    private static void label(Planes p, String text, float l, float t) {
        int scale = Math.max(2, (Math.min(p.w, p.h) / 180) & ~1);
        int height = (Glyphs.HEIGHT + 2) * scale;
        int x = clamp(Math.round(l * p.w), p.w - 1) & ~1;
        int top = Math.round(t * p.h) - height;
        int y = (top < 0 ? Math.round(t * p.h) + scale * 2 : top) & ~1;
        for (int c = 0; c < text.length(); c++) {
            int[] glyph = Glyphs.of(text.charAt(c));
            int gx = x + c * (Glyphs.WIDTH + 1) * scale;
            if (gx + Glyphs.WIDTH * scale >= p.w) {
                return;
            }
            for (int row = 0; row < Glyphs.HEIGHT; row++) {
                for (int col = 0; col < Glyphs.WIDTH; col++) {
                    if (Glyphs.lit(glyph, col, row)) {
                        int ax = gx + col * scale;
                        int ay = y + row * scale;
                        if (ay + scale - 1 < p.h) {
                            fill(p.y, p.ls, ax, ay, ax + scale - 1, ay + scale - 1, Y);
                            fill(p.cb, p.cs, ax / 2, ay / 2, (ax + scale - 1) / 2, (ay + scale - 1) / 2, U);
                            fill(p.cr, p.cs, ax / 2, ay / 2, (ax + scale - 1) / 2, (ay + scale - 1) / 2, V);
                        }
                    }
                }
            }
        }
    }

    private static void segments(Planes p, float[] scene) {
        int thickness = Math.max(2, (Math.min(p.w, p.h) / 240) & ~1);
        int half = thickness / 2;
        for (int i = 0; i + 3 < scene.length; i += 4) {
            int x0 = Math.round(scene[i] * (p.w - 1));
            int y0 = Math.round(scene[i + 1] * (p.h - 1));
            int x1 = Math.round(scene[i + 2] * (p.w - 1));
            int y1 = Math.round(scene[i + 3] * (p.h - 1));
            int steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
            for (int k = 0; k <= steps; k += Math.max(1, half)) {
                int x = steps == 0 ? x0 : x0 + (x1 - x0) * k / steps;
                int y = steps == 0 ? y0 : y0 + (y1 - y0) * k / steps;
                int ax = clamp(x - half, p.w - 1) & ~1;
                int ay = clamp(y - half, p.h - 1) & ~1;
                int bx = clamp(x + half, p.w - 1);
                int by = clamp(y + half, p.h - 1);
                fill(p.y, p.ls, ax, ay, bx, by, SCENE_Y);
                fill(p.cb, p.cs, ax / 2, ay / 2, bx / 2, by / 2, SCENE_U);
                fill(p.cr, p.cs, ax / 2, ay / 2, bx / 2, by / 2, SCENE_V);
            }
        }
    }

    private static void boxes(Planes p, float[] boxes) {
        int w = p.w;
        int h = p.h;
        int thickness = Math.max(2, (Math.min(w, h) / 180) & ~1);
        for (int i = 0; i + 3 < boxes.length; i += 4) {
            int x0 = clamp(Math.round(boxes[i] * w), w - 1) & ~1;
            int y0 = clamp(Math.round(boxes[i + 1] * h), h - 1) & ~1;
            int x1 = clamp(Math.round((boxes[i] + boxes[i + 2]) * w), w - 1);
            int y1 = clamp(Math.round((boxes[i + 1] + boxes[i + 3]) * h), h - 1);
            fill(p.y, p.ls, x0, y0, x1, Math.min(y1, y0 + thickness - 1), Y);
            fill(p.y, p.ls, x0, Math.max(y0, y1 - thickness + 1), x1, y1, Y);
            fill(p.y, p.ls, x0, y0, Math.min(x1, x0 + thickness - 1), y1, Y);
            fill(p.y, p.ls, Math.max(x0, x1 - thickness + 1), y0, x1, y1, Y);
            int t = Math.max(1, thickness / 2);
            int cx0 = x0 / 2, cy0 = y0 / 2, cx1 = x1 / 2, cy1 = y1 / 2;
            for (ByteBuffer plane : new ByteBuffer[] {p.cb, p.cr}) {
                byte value = plane == p.cb ? U : V;
                fill(plane, p.cs, cx0, cy0, cx1, Math.min(cy1, cy0 + t - 1), value);
                fill(plane, p.cs, cx0, Math.max(cy0, cy1 - t + 1), cx1, cy1, value);
                fill(plane, p.cs, cx0, cy0, Math.min(cx1, cx0 + t - 1), cy1, value);
                fill(plane, p.cs, Math.max(cx0, cx1 - t + 1), cy0, cx1, cy1, value);
            }
        }
    }

    private static ByteBuffer plane(AVFrame frame, int index, int rows) {
        return frame.data(index).capacity((long) frame.linesize(index) * rows).asByteBuffer();
    }

    private static void fill(ByteBuffer plane, int stride, int x0, int y0, int x1, int y1, byte value) {
        for (int y = y0; y <= y1; y++) {
            int row = y * stride;
            for (int x = x0; x <= x1; x++) {
                plane.put(row + x, value);
            }
        }
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
