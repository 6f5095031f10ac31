package io.evex.runtime.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.http.HttpService;
import io.evex.runtime.video.ClipWriter;
import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.RecordingReader;
import io.evex.runtime.video.VideoException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A channel's recordings by time. {@code GET /channels/{id}/recordings?from&to} answers the recorded
 * spans (segments that follow each other within {@value #JOIN_MS} ms merge into one) and the gaps
 * between them, so that a player or a timeline can seek by time. {@code recordings/playback.m3u8}
 * is an HLS VOD playlist of the recorded segments over a range (a discontinuity at each gap, the
 * player starting at {@code from}); each of its {@code segment.ts} is one recorded file's packets put
 * in MPEG-TS on request, its time stamps following the segments before it: no re-encoding.
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
        routes.get(Api.BASE + "/channels/{id}/recordings/playback.m3u8", this::playlist);
        routes.get(Api.BASE + "/channels/{id}/recordings/segment.ts", this::segment);
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

    private void playlist(Context ctx) {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        long now = System.currentTimeMillis();
        long[] range = Params.range(ctx, now - 3_600_000L, now, 31L * 86_400_000L);
        List<RecordingReader.Source> files = new ArrayList<>();
        for (RecordingReader.Source s : recordings.apply(c.name())) {
            if (s.endMillis() > s.startMillis() && s.endMillis() >= range[0] && s.startMillis() < range[1]) {
                files.add(s);
            }
        }
        if (files.isEmpty()) {
            throw ApiException.notFound(
                    "channel '" + c.name() + "' has no recording from " + range[0] + " to " + range[1]);
        }
        StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        long longest = files.stream()
                .mapToLong(s -> s.endMillis() - s.startMillis())
                .max()
                .orElse(1000);
        m3u8.append("#EXT-X-TARGETDURATION:").append((longest + 999) / 1000).append('\n');
        m3u8.append("#EXT-X-MEDIA-SEQUENCE:0\n");
        long skip = Math.max(0, range[0] - files.get(0).startMillis());
        if (skip > 0) {
            m3u8.append(String.format(Locale.ROOT, "#EXT-X-START:TIME-OFFSET=%.3f,PRECISE=YES%n", skip / 1000.0));
        }
        long offset = 0;
        long previousEnd = -1;
        for (RecordingReader.Source s : files) {
            if (previousEnd >= 0 && s.startMillis() - previousEnd > RecordingRoutes.JOIN_MS) {
                m3u8.append("#EXT-X-DISCONTINUITY\n");
            }
            long length = s.endMillis() - s.startMillis();
            m3u8.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", length / 1000.0));
            m3u8.append("segment.ts?start=")
                    .append(s.startMillis())
                    .append("&offset=")
                    .append(offset)
                    .append('\n');
            offset += length;
            previousEnd = s.endMillis();
        }
        m3u8.append("#EXT-X-ENDLIST\n");
        String token = ctx.queryParam("token");
        String body = token == null ? m3u8.toString() : HttpService.withToken(m3u8.toString(), token);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("application/vnd.apple.mpegurl").result(body);
    }

    private void segment(Context ctx) throws IOException, VideoException {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        long start = Params.number(ctx, "start", -1, 0, Long.MAX_VALUE);
        long offset = Params.number(ctx, "offset", 0, 0, Long.MAX_VALUE);
        RecordingReader.Source file = recordings.apply(c.name()).stream()
                .filter(s -> s.startMillis() == start)
                .findFirst()
                .orElseThrow(() ->
                        ApiException.notFound("channel '" + c.name() + "' has no recording starting at " + start));
        FrameCache.Span span =
                RecordingReader.read(List.of(file), file.startMillis(), file.endMillis(), MediaRoutes.MAX_PACKETS);
        if (span == null) {
            throw ApiException.notFound("the recording starting at " + start + " holds no video that plays");
        }
        RecordingReader.Shape shape = RecordingReader.shape(file.file()); // the camera may be offline now
        Path ts = Files.createTempFile("evex-segment-", ".ts");
        try {
            ClipWriter.write(span, shape.width(), shape.height(), shape.fps(), ts, "mpegts", offset * 1000);
            ctx.contentType("video/mp2t");
            ctx.res().setContentLengthLong(Files.size(ts));
            try (OutputStream out = ctx.outputStream()) {
                Files.copy(ts, out);
            }
        } finally {
            Files.deleteIfExists(ts);
        }
    }
}
