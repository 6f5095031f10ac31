package io.evex.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.detect.SharedDetectors;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.InputStatus;
import io.evex.runtime.process.PreprocessFilter;
import io.evex.runtime.video.VideoInput;
import java.net.URI;

/** The live status of a runtime: exporters, filters, channels, media; for the status file and {@code /api/status}. */
public final class StatusReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusReport() {}

    /** The status of a running runtime as a JSON tree. */
    public static ObjectNode snapshot(ApiHost evex, URI http) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("pid", ProcessHandle.current().pid());
        root.put("updated_ms", System.currentTimeMillis());
        root.put("published", evex.bus().published());
        root.putObject("clock")
                .put("jumps", io.evex.runtime.state.ClockWatch.jumps())
                .put("last_jump_ms", io.evex.runtime.state.ClockWatch.lastJumpMs());
        root.set("exporters", MAPPER.valueToTree(ExporterView.all(evex.bus().stats())));
        ArrayNode filters = root.putArray("filters");
        for (PreprocessFilter f : evex.filters()) {
            filters.add(MAPPER.valueToTree(f.counters()));
        }
        ArrayNode channels = root.putArray("channels");
        for (Channel c : evex.channels()) {
            ObjectNode o = channels.addObject();
            o.put("name", c.name())
                    .put("url", VideoInput.redact(c.settings().url()))
                    .put("state", c.state().name().toLowerCase());
            o.put("reason", c.reason()).put("frames", c.framesDecoded()).put("motion_events", c.motionEvents());
            o.put("reconnects", c.reconnects()).put("cached_frames", c.cache().size());
            ArrayNode inputs = o.putArray("inputs");
            for (InputStatus in : c.inputs()) {
                ObjectNode i = inputs.addObject().put("url", VideoInput.redact(in.url()));
                i.set("roles", MAPPER.valueToTree(in.roles()));
                i.put("state", in.state())
                        .put("reason", in.reason())
                        .put("frames", in.frames())
                        .put("reconnects", in.reconnects());
            }
        }
        ArrayNode detectors = root.putArray("detectors");
        for (SharedDetectors.Shared d : SharedDetectors.open()) {
            ObjectNode o = detectors.addObject();
            o.put("model", d.pool().model().settings().file().getFileName().toString())
                    .put("format", d.pool().model().format().key())
                    .put("input", d.pool().model().input().describe())
                    .put("batch", d.pool().model().batch())
                    .put("workers", d.pool().model().settings().workers());
            o.set("channels", MAPPER.valueToTree(d.channels()));
            o.setAll((ObjectNode) MAPPER.valueToTree(d.pool().counters()));
        }
        if (evex.media() != null) {
            root.set("media", MAPPER.valueToTree(evex.media().stats()));
        }
        if (!evex.live().isEmpty()) {
            root.set("live", MAPPER.valueToTree(evex.live()));
        }
        if (!evex.onvif().isEmpty()) {
            root.set("onvif", MAPPER.valueToTree(evex.onvif()));
        }
        if (evex.clips() != null) {
            root.set("clips", MAPPER.valueToTree(evex.clips().stats()));
        }
        if (http != null) {
            root.put("http", http.toString());
        }
        return root;
    }

    /**
     * The same, as UTF-8 JSON; without settings unless for the admin: a viewer sees states and
     * counters, not exporters' details (targets, paths, stream keys) nor channels' URLs.
     */
    public static byte[] bytes(ApiHost evex, URI http, boolean admin) {
        ObjectNode root = snapshot(evex, http);
        if (!admin) {
            root.get("exporters").forEach(e -> ((ObjectNode) e).remove("details"));
            root.get("channels").forEach(c -> {
                ((ObjectNode) c).remove("url");
                c.path("inputs").forEach(i -> ((ObjectNode) i).remove("url"));
            });
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
