package io.evex.runtime.analysis.crop;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.FrameStage;
import io.evex.runtime.analysis.StageContext;
import io.evex.runtime.analysis.track.Track;
import io.evex.runtime.analysis.track.TrackUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code crops} stage: pictures of the tracked objects of each {@link TrackUpdate}, cut from
 * the very frame the objects were found in ({@link TrackCrops}); a track's best picture when it
 * ends. Pictures finished by the encoder are emitted on the next frame. Passes frames on.
 */
public final class CropStage implements FrameStage {

    private final TrackCrops crops;

    /** @param cropper cuts the pictures {@code settings} asks for; closed with the stage */
    public CropStage(CropSettings settings, Cropper cropper) {
        this.crops = new TrackCrops(settings, cropper);
    }

    @Override
    public void frame(StageContext context, AnalysisFrame current) {
        crops.collect(context);
        TrackUpdate update = context.meta().get(TrackUpdate.KEY);
        if (update != null) {
            update.ended().forEach(t -> crops.ended(context, t));
            List<Track> found = new ArrayList<>(update.born());
            found.addAll(update.seen());
            crops.seen(update.frame(), found);
        }
        context.next(current);
    }

    /** The tracks the end of the stream ended get their best picture; then what is pending is emitted. */
    @Override
    public void finish(StageContext context) {
        TrackUpdate update = context.meta().get(TrackUpdate.KEY);
        if (update != null) {
            update.ended().forEach(t -> crops.ended(context, t));
        }
        crops.finish(context);
    }

    @Override
    public Map<String, Number> counters() {
        return crops.counters();
    }

    @Override
    public void close() {
        crops.close();
    }
}
