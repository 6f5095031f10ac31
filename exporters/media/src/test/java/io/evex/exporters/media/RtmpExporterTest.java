package io.evex.exporters.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.testing.Waits;
import io.evex.runtime.video.SourceUrl;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RTMP push into a real nginx-rtmp server started by the test, read back with ffprobe. */
class RtmpExporterTest {

    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

    @TempDir
    Path dir;

    @Test
    void aPushThatFindsNoServerRetriesAndStreamsOnceTheServerIsUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ChannelSettings live = ChannelSettings.of("lobby", SourceUrl.SAMPLE);
        try (MediaPipeline p = new MediaPipeline(
                dir, List.of(live), "rtmp:url=rtmp://127.0.0.1:" + port + "/live/{obj.channel},timeout_ms=2000")) {
            Thread.sleep(1_500);
            assertTrue(
                    p.stats("rtmp").details().get("connect_failures") != null,
                    "no server yet: " + p.stats("rtmp").details());
            Process nginx = startNginx(dir, port);
            try {
                String url = "rtmp://127.0.0.1:" + port + "/live/lobby";
                JsonNode info = Waits.value(
                        "the push to start",
                        Duration.ofSeconds(20),
                        () -> p.stats("rtmp").details().get("output.lobby") == null
                                ? null
                                : MediaPipeline.probe(url, List.of("-read_intervals", "%+2")));
                assertEquals("h264", info.get("codec").asText(), info.toString());
                assertEquals(640, info.get("width").asInt());
                assertEquals(360, info.get("height").asInt());
                assertTrue(info.get("frames").asInt() >= 40, "2 s of 25 fps: " + info);
                assertEquals(
                        "rtmp://127.0.0.1:" + port + "/live/***",
                        p.stats("rtmp").details().get("output.lobby"),
                        "the status never shows the stream key");
            } finally {
                nginx.destroy();
                nginx.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void logsAndStatusShowTargetsWithoutStreamKeysOrCredentials() {
        assertEquals(
                "rtmp://a.rtmp.youtube.com/live2/***",
                RtmpExporter.withoutKey("rtmp://a.rtmp.youtube.com/live2/abcd-1234-efgh"));
        assertEquals("rtmps://***@host/app/***", RtmpExporter.withoutKey("rtmps://me:p@ss@host/app/key?auth=s3cret"));
        assertEquals("rtmp://host", RtmpExporter.withoutKey("rtmp://host"));
    }

    /** A real nginx-rtmp server on {@code port}, its files in {@code dir}; ready when this returns. */
    static Process startNginx(Path dir, int port) throws Exception {
        if (!Files.exists(MODULE)) {
            fail("this test needs nginx with the RTMP module: apt-get install nginx libnginx-mod-rtmp");
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(
                conf,
                "load_module " + MODULE + ";\n"
                        + "daemon off;\nmaster_process off;\npid " + dir.resolve("nginx.pid") + ";\n"
                        + "error_log " + dir.resolve("error.log") + " info;\n"
                        + "events { worker_connections 64; }\n"
                        + "rtmp { server { listen 127.0.0.1:" + port
                        + "; application live { live on; record off; } } }\n");
        Process nginx = new ProcessBuilder(
                        "nginx",
                        "-p",
                        dir.toString(),
                        "-c",
                        conf.toString(),
                        "-e",
                        dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        return Waits.value("nginx to listen on " + port, Duration.ofSeconds(10), () -> {
            if (!nginx.isAlive()) {
                fail("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                        + Files.readString(dir.resolve("error.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return nginx;
            }
        });
    }
}
