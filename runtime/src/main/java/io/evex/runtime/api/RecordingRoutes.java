package io.evex.runtime.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.Auth;
import io.evex.runtime.video.RecordingReader;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a channel's recordings hold over a time range: {@code GET /channels/{id}/recordings?from&to}
 * answers the recorded spans (segments that follow each other within {@value #JOIN_MS} ms merge into
 * one) and the gaps between them, so that a player or a timeline can seek by time.
 */
final class RecordingRoutes {

    /** Segments closer than this are one span: the cut between two files is no gap. */
    static final long JOIN_MS = 1_500;

    private final Auth auth;
    private final LiveFrames live;
    private final Function<String, List<RecordingReader.Source>> recordings;

    RecordingRoutes(Auth auth, LiveFrames live, Function<String, List<RecordingReader.Source>> recordings) {
        this.auth = auth;
        this.live = live;
        this.recordings = recordings;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/channels/{id}/recordings", this::list);
    }

    record Span(
            @JsonProperty("from") long fromMillis,
            @JsonProperty("to") long toMillis,
            int segments) {}

    record Gap(
            @JsonProperty("from") long fromMillis,
            @JsonProperty("to") long toMillis) {}

    record Spans(String channel, long from, long to, List<Span> spans, List<Gap> gaps) {}

    private void list(Context ctx) {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        long now = System.currentTimeMillis();
        long[] range = Params.range(ctx, now - 86_400_000L, now, 31L * 86_400_000L);
        Json.send(ctx, 200, spans(c.name(), recordings.apply(c.name()), range[0], range[1]));
    }

    /** The spans and gaps of {@code files} (oldest first) within [from, to]. */
    static Spans spans(String channel, List<RecordingReader.Source> files, long from, long to) {
        List<Span> spans = new ArrayList<>();
        long start = -1;
        long end = -1;
        int count = 0;
        for (RecordingReader.Source f : files) {
            if (f.endMillis() < from || f.startMillis() > to) {
                continue;
            }
            if (start >= 0 && f.startMillis() - end <= JOIN_MS) {
                end = Math.max(end, f.endMillis());
                count++;
                continue;
            }
            if (start >= 0) {
                spans.add(new Span(start, end, count));
            }
            start = f.startMillis();
            end = f.endMillis();
            count = 1;
        }
        if (start >= 0) {
            spans.add(new Span(start, end, count));
        }
        List<Gap> gaps = new ArrayList<>();
        long at = from;
        for (Span s : spans) {
            if (s.fromMillis() > at) {
                gaps.add(new Gap(at, s.fromMillis()));
            }
            at = Math.max(at, s.toMillis());
        }
        if (at < to) {
            gaps.add(new Gap(at, to));
        }
        return new Spans(channel, from, to, spans, gaps);
    }
}
