package io.evex.api.media;

/**
 * A video exporter that takes, beside the video, each analysed frame's tracked objects (the RTSP
 * server's ONVIF metadata track). Called on the exporter's media thread, like its packets; a
 * frame's objects may come before or after its packets (detection runs apart from the video), so
 * place them by {@link FrameObjects#ptsMicros()}.
 *
 * @since 0.9
 */
public interface ObjectsExporter {

    void objects(FrameObjects frame);
}
