package io.evex.exporters.media;

import io.evex.api.Setting;
import java.util.ArrayList;
import java.util.List;

/** The settings of the image exporters. */
final class ImageSettings {

    private ImageSettings() {}

    static List<Setting> with(String format, Setting... own) {
        List<Setting> all = new ArrayList<>();
        all.add(Setting.text("path", "Path", "out/{obj.channel}/images/{obj.frame_id}." + format)
                .withHelp(
                        "File of each image; dynamic strings such as {obj.channel}, {obj.frame_id} and {sys.time %H%M%S} name one file "
                                + "per image (a constant path keeps only the latest)"));
        all.add(Setting.decimal("fps", "Rate", 1).withRange(0.001, 120).withHelp("Images per second per channel"));
        all.addAll(List.of(own));
        all.add(Setting.integer("width", "Width", 0).withRange(0, 7680).withHelp("Width in pixels; 0 = as the camera"));
        all.add(Setting.integer("height", "Height", 0)
                .withRange(0, 4320)
                .withHelp("Height in pixels; 0 = as the camera or scaled from the width"));
        all.add(Setting.checkbox("annotated", "Draw detections", false)
                .withHelp("Draw the channel's zones, lines and object boxes on the images"));
        return all;
    }
}
