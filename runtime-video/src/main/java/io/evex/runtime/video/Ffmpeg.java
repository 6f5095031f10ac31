package io.evex.runtime.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.javacv.FFmpegLogCallback;

/** One-time FFmpeg set-up and error text. */
public final class Ffmpeg {

    private static volatile boolean ready;

    private Ffmpeg() {}

    /** Loads the natives, registers devices (lavfi) and routes FFmpeg's own log through SLF4J-free stderr at error level only. */
    public static void init() {
        if (ready) {
            return;
        }
        synchronized (Ffmpeg.class) {
            if (!ready) {
                av_log_set_level(AV_LOG_ERROR);
                FFmpegLogCallback.setLevel(AV_LOG_ERROR);
                FFmpegLogCallback.set();
                avdevice.avdevice_register_all();
                ready = true;
            }
        }
    }

    /** FFmpeg's text for an error code. */
    public static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n) + " (" + code + ")";
    }

    /** Throws a {@link VideoException} naming {@code what} when {@code code} is negative. */
    public static int check(int code, String what) throws VideoException {
        if (code < 0) {
            throw new VideoException(what + ": " + error(code));
        }
        return code;
    }
}
