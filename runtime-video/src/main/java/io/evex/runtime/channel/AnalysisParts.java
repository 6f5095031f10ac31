package io.evex.runtime.channel;

import io.evex.runtime.analysis.AnalysisFrame;
import io.evex.runtime.analysis.ObjectSource;
import io.evex.runtime.analysis.crop.Cropper;
import io.evex.runtime.extension.ExtensionSettings;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a channel's analysis needs that lives outside this package (FFmpeg encoding, HTTP): made on
 * request, only when the settings ask for it.
 *
 * @param croppers the crops stage's cutter of object pictures
 * @param extensions an AI server as an object source, given whether a frame shows motion
 */
public record AnalysisParts(
        Supplier<Cropper> croppers, BiFunction<ExtensionSettings, Predicate<AnalysisFrame>, ObjectSource> extensions) {

    /** No pictures, no AI extension. */
    public static final AnalysisParts NONE = new AnalysisParts(() -> Cropper.NONE, (settings, moving) -> {
        throw new IllegalStateException("no AI extension client in this runtime");
    });
}
