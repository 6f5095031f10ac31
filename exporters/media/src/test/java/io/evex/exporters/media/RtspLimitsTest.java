package io.evex.exporters.media;

import static io.evex.exporters.media.RtspTesting.await;
import static io.evex.exporters.media.RtspTesting.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.video.SourceUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What RTSP clients may take (issue 24 point 4; review M4), probed with raw sockets on a real
 * server: connections in all, sessions per connection, the idle time of a connection with no
 * session, and wrong logins per address (then 503 with Retry-After, whatever the next one sends).
 */
class RtspLimitsTest {

    @TempDir
    Path dir;

    private static String basic(String user, String password) {
        return "Authorization: Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void connectionsSessionsIdleClientsAndGuessersAreBounded() throws Exception {
        ChannelSettings lobby = ChannelSettings.of("lobby", SourceUrl.SAMPLE);
        try (MediaPipeline p = new MediaPipeline(
                dir,
                List.of(lobby),
                "rtsp:bind=127.0.0.1,port=0,users=alice:s3cret,max_connections=2,max_sessions_per_connection=1,"
                        + "idle_timeout=3s,failed_logins=2,failed_login_window=1m")) {
            int port = port(p);
            await(() -> p.stats("rtsp").details().get("url.lobby") != null, "the stream to be served");
            String alice = basic("alice", "s3cret");
            RawRtspClient first = new RawRtspClient(port, "lobby", 0);
            assertEquals(200, first.request("OPTIONS", first.url()).status()); // counted before the next connects
            RawRtspClient second = new RawRtspClient(port, "lobby", 0);
            assertEquals(200, second.request("OPTIONS", second.url()).status());
            try (first;
                    second;
                    RawRtspClient third = new RawRtspClient(port, "lobby", 0)) {
                RawRtspClient.Response full = third.request("OPTIONS", third.url());
                assertEquals(503, full.status(), "two connections here: the third is told to come back");
                assertTrue(full.header("retry-after") != null, full.headers().toString());
                assertTrue(third.closedByServer(), "and closed");

                assertEquals(200, first.request("DESCRIBE", first.url(), alice).status());
                String transport = "Transport: RTP/AVP/TCP;unicast;interleaved=0-1";
                assertEquals(
                        200,
                        first.request("SETUP", first.url() + "/trackID=0", alice, transport)
                                .status());
                first.forgetSession();
                RawRtspClient.Response more = first.request("SETUP", first.url() + "/trackID=0", alice, transport);
                assertEquals(503, more.status(), "one session per connection here");

                long start = System.nanoTime();
                assertTrue(second.closedByServer(), "a connection with no session that says nothing is closed");
                assertTrue(System.nanoTime() - start < 9_000_000_000L, "within idle_timeout, not the socket's 10 s");
            }
            await(() -> ((Number) p.stats("rtsp").details().get("connections")).intValue() == 0, "the closes to count");
            try (RawRtspClient guesser = new RawRtspClient(port, "lobby", 0)) {
                assertEquals(
                        401,
                        guesser.request("DESCRIBE", guesser.url(), basic("alice", "guess1"))
                                .status());
                assertEquals(
                        401,
                        guesser.request("DESCRIBE", guesser.url(), basic("alice", "guess2"))
                                .status());
                RawRtspClient.Response wait = guesser.request("DESCRIBE", guesser.url(), basic("alice", "guess3"));
                assertEquals(503, wait.status());
                long seconds = Long.parseLong(wait.header("retry-after"));
                assertTrue(seconds >= 1 && seconds <= 60, "Retry-After " + seconds);
                assertEquals(
                        503, guesser.request("DESCRIBE", guesser.url(), alice).status(), "the address waits");
            }
            assertEquals(2L, ((Number) p.stats("rtsp").details().get("auth_failures")).longValue());
            assertTrue(((Number) p.stats("rtsp").details().get("login_refusals")).longValue() >= 2);
            assertTrue(((Number) p.stats("rtsp").details().get("connections_refused")).longValue() >= 1);
        }
    }
}
