package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.TestVideos;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Live fMP4 over WebSocket and plain HTTP from a real runtime, through the JDK's clients. */
class LiveRoutesTest extends SampleRuntimeTest {

    /** A WebSocket client that keeps what it gets. */
    static final class Client implements WebSocket.Listener {
        final List<JsonNode> texts = new CopyOnWriteArrayList<>();
        final List<byte[]> binaries = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    texts.add(ApiClient.JSON.readTree(text.toString()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.write(b, 0, b.length);
            if (last) {
                binaries.add(partial.toByteArray());
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    private static WebSocket connect(String path, Client client, String bearer) {
        URI uri = URI.create(api.base.toString().replaceFirst("^http", "ws")).resolve(path);
        WebSocket.Builder b = api.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b.buildAsync(uri, client).join();
    }

    @Test
    void aBrowserSendsItsTokenFirstAndGetsTheStreamThenFragmentsFromAKeyFrame() throws Exception {
        Client client = new Client();
        WebSocket ws = connect("/api/v1/channels/lobby/live.mp4", client, null);
        ws.sendText("{\"token\": \"" + ADMIN + "\"}", true).join();
        Waits.until("the stream and 30 fragments", Duration.ofSeconds(20), () -> client.binaries.size() > 30);
        JsonNode header = client.texts.get(0);
        assertEquals("stream", header.get("type").asText(), header.toString());
        assertEquals("lobby", header.get("channel").asText());
        assertTrue(header.get("codec").asText().matches("avc1\\.[0-9a-f]{6}"), header.toString());
        assertEquals(640, header.get("width").asInt());
        assertEquals("ftyp", box(client.binaries.get(0)), "the init segment first");
        assertEquals("moof", box(client.binaries.get(1)));
        assertTrue(key(client.binaries.get(1)), "the first fragment is a key frame");
        JsonNode live = ApiClient.json(api.get("/api/status", ADMIN)).path("live");
        assertEquals(1, live.at("/source/lobby/viewers").asInt(), live.toString());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        Waits.until("the viewer to leave", Duration.ofSeconds(5), () -> viewers("lobby") == 0);
    }

    @Test
    void aWrongTokenIsRefusedBeforeAnyMediaByte() throws Exception {
        Client client = new Client();
        WebSocket ws = connect("/api/v1/channels/lobby/live.mp4", client, null);
        ws.sendText("{\"token\": \"evx-wrong-0123456789\"}", true).join();
        assertEquals(4401, client.closed.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(), client.binaries, "no media");
        assertEquals(List.of(), client.texts, "nothing at all");

        // In a header the refusal is the upgrade's own answer.
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                CompletionException.class,
                () -> connect("/api/v1/channels/lobby/live.mp4", new Client(), "evx-wrong-0123456789"));
        assertEquals(
                401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        e = org.junit.jupiter.api.Assertions.assertThrows(
                CompletionException.class, () -> connect("/api/v1/channels/nope/live.mp4", new Client(), ADMIN));
        assertEquals(
                404, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }

    @Test
    void aChannelTokenWatchesItsChannelOnlyAndTheGridSocketCarriesSeveral() throws Exception {
        JsonNode group = ApiClient.json(
                api.send("POST", "/api/v1/groups", ADMIN, "{\"name\": \"live\", \"channels\": [\"lobby\"]}"));
        String token = group.get("token").asText();
        Client yard = new Client();
        connect("/api/v1/channels/yard/live.mp4", yard, null)
                .sendText("{\"token\": \"" + token + "\"}", true)
                .join();
        assertEquals(4403, yard.closed.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(), yard.binaries);

        Client grid = new Client();
        WebSocket ws = connect("/api/v1/live", grid, null);
        ws.sendText("{\"token\": \"" + ADMIN + "\", \"channels\": [\"lobby\", \"yard\", \"nope\"]}", true)
                .join();
        Waits.until(
                "both channels' streams",
                Duration.ofSeconds(20),
                () -> grid.texts.stream()
                                        .filter(t -> t.path("type").asText().equals("stream"))
                                        .count()
                                == 2
                        && grid.binaries.size() > 20);
        assertTrue(
                grid.texts.stream()
                        .anyMatch(t -> t.path("type").asText().equals("refused")
                                && t.path("channel").asText().equals("nope")),
                grid.texts.toString());
        List<Integer> streams = grid.texts.stream()
                .filter(t -> t.path("type").asText().equals("stream"))
                .map(t -> t.get("stream").asInt())
                .toList();
        for (byte[] b : grid.binaries) {
            int stream = ByteBuffer.wrap(b).getShort(0);
            assertTrue(streams.contains(stream), "each message names its stream: " + stream + " of " + streams);
        }
        // The grid scrolls: only yard now.
        ws.sendText("{\"channels\": [\"yard\"]}", true).join();
        Waits.until("lobby's viewer to leave", Duration.ofSeconds(5), () -> viewers("lobby") == 0);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void aPlainGetIsAnMp4StreamFfprobeReads() throws Exception {
        HttpResponse<InputStream> r = api.http.send(
                api.request("/api/v1/channels/yard/live.mp4", ADMIN).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("video/mp4", r.headers().firstValue("Content-Type").orElse(""));
        Path saved = dir.resolve("live.mp4");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long until = System.nanoTime() + 3_000_000_000L; // 3 s of the sample as it plays
        try (InputStream in = r.body()) {
            byte[] buf = new byte[65536];
            int n;
            while (System.nanoTime() < until && (n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
            }
        }
        Files.write(saved, got.toByteArray());
        String[] probe = TestVideos.probe(saved, "stream=codec_name,width,height,nb_read_frames");
        assertEquals("h264", probe[0]);
        assertEquals("640", probe[1]);
        assertTrue(Integer.parseInt(probe[3].trim()) >= 25, String.join(",", probe));
        assertEquals(401, api.get("/api/v1/channels/yard/live.mp4", null).statusCode());
    }

    @Test
    void aPageFromAnotherOriginNotListedIsRefused() throws Exception {
        Client client = new Client();
        URI uri =
                URI.create(api.base.toString().replaceFirst("^http", "ws")).resolve("/api/v1/channels/lobby/live.mp4");
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                CompletionException.class,
                () -> api.http
                        .newWebSocketBuilder()
                        .header("Origin", "https://elsewhere.example")
                        .buildAsync(uri, client)
                        .join());
        HttpResponse<?> refusal = ((WebSocketHandshakeException) e.getCause()).getResponse();
        assertEquals(403, refusal.statusCode());
    }

    private static int viewers(String channel) {
        try {
            return ApiClient.json(api.get("/api/status", ADMIN))
                    .at("/live/source/" + channel + "/viewers")
                    .asInt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String box(byte[] message) {
        return new String(message, 4, 4, StandardCharsets.US_ASCII);
    }

    private static boolean key(byte[] fragment) {
        return (ByteBuffer.wrap(fragment).getInt(96) & 0x00010000) == 0;
    }
}
