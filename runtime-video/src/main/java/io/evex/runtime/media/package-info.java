/**
 * Media outputs: turns a channel's packets and frames into what media exporters asked for.
 *
 * <p>{@link io.evex.runtime.media.MediaHub} groups the exporters' requests into renditions (one
 * encoder per distinct request, shared by every exporter that asked for it; the camera's own
 * H.264 passed through when it already matches) and gives each exporter an outlet: its own queue
 * and thread, which drops up to the next key frame, and counts, when the exporter falls behind.
 */
package io.evex.runtime.media;
