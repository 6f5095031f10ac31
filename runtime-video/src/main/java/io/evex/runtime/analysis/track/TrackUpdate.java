package io.evex.runtime.analysis.track;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.MetaKey;
import java.util.List;

/**
 * What the {@code track} stage made of one detection: the tracks that began, went on and ended on
 * {@code frame} (the frame the objects were found in). At the end of the stream, every track
 * still open ends in one last update on the last frame analysed.
 */
public record TrackUpdate(AnalysisFrame frame, List<Track> born, List<Track> seen, List<Track> ended) {

    /** The tracks of the frame's detection, for the rules and the crops. */
    public static final MetaKey<TrackUpdate> KEY = MetaKey.of("tracks");
}
