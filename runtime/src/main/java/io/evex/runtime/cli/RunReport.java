package io.evex.runtime.cli;

import io.evex.api.Exporter;
import io.evex.api.media.VideoExporter;
import io.evex.runtime.Evex;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.config.RuntimeConfig;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.exporter.ExporterSettings;
import io.evex.runtime.video.SourceUrl;
import io.evex.runtime.video.VideoInput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** What {@code evex run} prints: what it started, its progress, and its closing summary. */
final class RunReport {

    private RunReport() {}

    /** One progress line's channel part: state, frames and motion events of each channel. */
    static String progress(Evex evex) {
        StringBuilder sb = new StringBuilder();
        for (Channel c : evex.channels()) {
            sb.append(c.name())
                    .append(": ")
                    .append(c.state().name().toLowerCase())
                    .append(", ")
                    .append(c.framesDecoded())
                    .append(" frames, ")
                    .append(c.motionEvents())
                    .append(" motion | ");
        }
        return sb.toString();
    }

    /** What runs where: channels, exporters with their paths or URLs, the API and its first admin token. */
    static void starting(PrintWriter out, RuntimeConfig config, Evex evex) {
        for (ChannelSettings c : config.channels()) {
            out.println("evex: channel '" + c.name() + "' from "
                    + (c.url().equals(SourceUrl.SAMPLE) ? "the bundled sample video" : VideoInput.redact(c.url()))
                    + (c.motion().enabled() ? ", motion detection on" : ""));
        }
        if (config.synthetic() != null) {
            out.println("evex: synthetic source, channels " + config.synthetic().channels() + ", "
                    + config.synthetic().eventsPerSecond() + " events/s");
        }
        for (ExporterSettings c : config.exporters()) {
            Exporter exporter = evex.bus().exporter(c.name());
            if (exporter == null) {
                continue; // refused, and said so
            }
            List<String> views = new ArrayList<>();
            if (exporter instanceof VideoExporter video) {
                for (ChannelSettings ch : config.channels()) {
                    video.viewUrl(ch.name()).ifPresent(url -> views.add("evex:   " + ch.name() + ": " + url));
                }
            }
            Object where = c.settings().get("path");
            ExporterKind kind = evex.kinds().get(c.type());
            if (where == null && kind != null) {
                where = kind.factory().settings().settings().stream()
                        .filter(s -> s.key().equals("path"))
                        .map(s -> s.defaultValue())
                        .findFirst()
                        .orElse(null);
            }
            out.println("evex: exporter '" + c.name() + "' (" + c.type() + ")"
                    + (where == null || !views.isEmpty() ? "" : " -> " + where));
            views.forEach(out::println);
        }
        if (evex.http() != null) {
            out.println("evex: status at " + evex.http().baseUri().resolve("api/status") + ", API at "
                    + evex.http().baseUri().resolve("api/v1/channels"));
            out.println("evex: web console at " + evex.http().baseUri() + " (sign in with an API token)");
            var certificate = evex.http().certificate();
            if (certificate != null) {
                out.println("evex: HTTPS with the certificate " + certificate.getKey() + " (SHA-256 "
                        + certificate.getValue() + "); clients that do not know its issuer: curl --cacert "
                        + certificate.getKey() + " ...");
            }

            if (!evex.api().auth().open()) {
                out.println("evex: every URL above needs a token: Authorization: Bearer <token>, or ?token=<token>"
                        + " (a player given a playlist with ?token= gets its segments with it)");
            }
            String admin = evex.api().auth().tokens().takeGeneratedAdmin();
            if (admin != null) {
                out.println("evex: the API's admin token, shown this once (kept hashed in .evex/tokens.json;"
                        + " set EVEX_ADMIN_TOKEN to choose your own): " + admin);
            }
        }
        out.println("evex: running; press Ctrl-C to stop");
        out.flush();
    }

    /** The closing summary: events published, each channel's frames and last state, each exporter's counters. */
    static void closing(PrintWriter out, Evex evex) {
        out.println("stopped: " + evex.bus().published() + " events published");
        for (Channel c : evex.channels()) {
            out.println("channel '" + c.name() + "': " + c.framesDecoded() + " frames, " + c.motionEvents()
                    + " motion events, " + c.reconnects() + " reconnect attempts, last state "
                    + c.state().name().toLowerCase() + " (" + c.reason() + ")");
        }
        StatsPrinter.summary(out, evex.bus());
        evex.media().stats().forEach((name, counters) -> out.println("media exporter '" + name + "': " + counters));
        evex.filters().forEach(f -> out.println("preprocess filter: " + f.counters()));
    }
}
