package io.evex.runtime.analysis.rules;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.Detection;
import io.evex.runtime.analysis.FrameStage;
import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.StageContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code masks} stage, between {@code detect} and {@code track}: drops the detections that
 * stand in an object mask or that their class's filter refuses, before the tracker sees them, and
 * counts each. Passes frames on.
 */
public final class MaskStage implements FrameStage {

    private final Masks masks;
    private long masked;
    private long filtered;

    public MaskStage(Masks masks) {
        this.masks = masks;
    }

    @Override
    public void frame(StageContext context, AnalysisFrame frame) {
        ObjectSource.Found found = context.meta().get(ObjectSource.Found.KEY);
        if (found != null && !found.objects().isEmpty()) {
            AnalysisFrame seen = found.frame();
            List<Detection> kept = new ArrayList<>(found.objects().size());
            for (Detection d : found.objects()) {
                if (masks.maskOf(d) != null) {
                    masked++;
                } else if (!masks.keeps(d, seen.width(), seen.height())) {
                    filtered++;
                } else {
                    kept.add(d);
                }
            }
            if (kept.size() < found.objects().size()) {
                context.meta().put(ObjectSource.Found.KEY, new ObjectSource.Found(seen, List.copyOf(kept)));
            }
        }
        context.next(frame);
    }

    /** Detections dropped by a mask and by a class filter. */
    @Override
    public Map<String, Number> counters() {
        Map<String, Number> c = new LinkedHashMap<>();
        c.put("masked", masked);
        c.put("filtered", filtered);
        return c;
    }
}
