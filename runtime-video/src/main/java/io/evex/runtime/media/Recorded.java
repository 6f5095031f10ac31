package io.evex.runtime.media;

import io.evex.api.media.Recording;
import io.evex.api.media.VideoExporter;
import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.video.RecordingReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The files video exporters recorded: what clips and playback read when the frame cache has moved on. */
public final class Recorded {

    private Recorded() {}

    /** Every file a video exporter on {@code bus} recorded for {@code channel}, oldest first. */
    public static List<RecordingReader.Source> files(EventBus bus, String channel) {
        List<RecordingReader.Source> files = new ArrayList<>();
        for (ExporterStats s : bus.stats()) {
            if (bus.exporter(s.name()) instanceof VideoExporter video) {
                for (Recording r : video.recordings(channel)) {
                    files.add(new RecordingReader.Source(r.file(), r.startMillis(), r.endMillis()));
                }
            }
        }
        files.sort(Comparator.comparingLong(RecordingReader.Source::startMillis));
        return files;
    }
}
