package io.evex.runtime.channel;

import java.util.List;

/** One input of a channel as the status shows it: where it reads, what it serves, frames read, how it is doing. */
public record InputStatus(String url, List<String> roles, String state, String reason, long frames, long reconnects) {

    /** The channel's main input, and its detect input when it has one. */
    static List<InputStatus> of(Channel c, DetectInput detect) {
        List<String> mainRoles = detect == null ? List.of("detect", "record", "live") : List.of("record", "live");
        InputStatus main = new InputStatus(
                c.settings().url(),
                mainRoles,
                c.state().name().toLowerCase(),
                c.reason(),
                c.framesRead(),
                c.reconnects());
        if (detect == null) {
            return List.of(main);
        }
        return List.of(
                main,
                new InputStatus(
                        c.settings().detectUrl(),
                        List.of("detect"),
                        detect.state(),
                        detect.reason(),
                        detect.frames(),
                        detect.reconnects()));
    }
}
