package io.evex.runtime.api;

import io.evex.runtime.channel.Channel;
import io.evex.runtime.http.ApiException;
import io.evex.runtime.http.Auth;
import io.evex.runtime.http.HttpService;
import io.evex.runtime.video.ClipWriter;
import io.evex.runtime.video.FrameCache;
import io.evex.runtime.video.RecordingReader;
import io.evex.runtime.video.StreamInfo;
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
 * Recordings played by time, without re-encoding: {@code recordings/playback.m3u8?from&to} is an HLS
 * VOD playlist of the recorded segments over the range (a discontinuity at each gap, the player
 * starting at {@code from}), and each of its {@code segment.ts} is one recorded file's packets put in
 * MPEG-TS on request, its time stamps following the segments before it.
 */
final class PlaybackRoutes {

    private final Auth auth;
    private final LiveFrames live;
    private final Function<String, List<RecordingReader.Source>> recordings;

    PlaybackRoutes(Auth auth, LiveFrames live, Function<String, List<RecordingReader.Source>> recordings) {
        this.auth = auth;
        this.live = live;
        this.recordings = recordings;
    }

    void register(RoutesConfig routes) {
        routes.get(Api.BASE + "/channels/{id}/recordings/playback.m3u8", this::playlist);
        routes.get(Api.BASE + "/channels/{id}/recordings/segment.ts", this::segment);
    }

    private void playlist(Context ctx) {
        Channel c = ChannelRoutes.reachable(auth, live, ctx);
        long now = System.currentTimeMillis();
        long[] range = Params.range(ctx, now - 3_600_000L, now, 31L * 86_400_000L);
        List<RecordingReader.Source> files = new ArrayList<>();
        for (RecordingReader.Source s : recordings.apply(c.name())) {
            if (s.endMillis() > s.startMillis() && s.endMillis() >= range[0] && s.startMillis() <= range[1]) {
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
        StreamInfo info = c.info();
        FrameCache.Span span =
                RecordingReader.read(List.of(file), file.startMillis(), file.endMillis(), MediaRoutes.MAX_PACKETS);
        if (span == null || info == null) {
            throw ApiException.notFound("the recording starting at " + start + " holds no video that plays now");
        }
        Path ts = Files.createTempFile("evex-segment-", ".ts");
        try {
            ClipWriter.write(span, info.width(), info.height(), info.fps(), ts, "mpegts", offset * 1000);
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
