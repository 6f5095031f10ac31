package io.evex.runtime.cli;

import io.evex.runtime.analysis.crop.CropSettings;
import io.evex.runtime.analysis.rules.LineRule;
import io.evex.runtime.analysis.rules.ObjectFilter;
import io.evex.runtime.analysis.rules.Polygon;
import io.evex.runtime.channel.ObjectSettings;
import io.evex.runtime.video.SourceUrl;
import java.util.List;

/** The embedded default: the bundled sample video as channel {@code lobby}, with rules its walker fires. */
final class SampleScene {

    /** The default channel, as {@code --channel} writes it. */
    static final String CHANNEL = "lobby=" + SourceUrl.SAMPLE;

    private SampleScene() {}

    /**
     * The embedded default's rules, drawn for the bundled video, whose person walks left to right
     * along the middle of the picture: a line across the middle (crossed a-b) and a zone on the
     * right (entered, and left when the person walks out of the picture).
     */
    static ObjectSettings rules() {
        ObjectSettings none = ObjectSettings.NONE;
        ObjectSettings.ZoneSpec zone = new ObjectSettings.ZoneSpec(
                "right",
                Polygon.of(List.of(
                        new double[] {0.6, 0.3}, new double[] {0.98, 0.3}, new double[] {0.98, 0.95}, new double[] {
                            0.6, 0.95
                        })),
                ObjectFilter.ANY,
                3,
                1.0,
                true,
                0);
        ObjectSettings.LineSpec line = new ObjectSettings.LineSpec(
                "middle", new double[] {0.5, 0.9, 0.5, 0.2}, LineRule.Direction.BOTH, ObjectFilter.ANY);
        return new ObjectSettings(
                "motion",
                null,
                none.tracker(),
                none.updateMs(),
                none.moveShare(),
                List.of(zone),
                List.of(line),
                CropSettings.DEFAULTS,
                null,
                null,
                null);
    }
}
