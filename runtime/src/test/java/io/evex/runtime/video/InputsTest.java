package io.evex.runtime.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.InputStatus;
import io.evex.runtime.event.EventEnvelope;
import io.evex.runtime.testing.Waits;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A channel's two inputs: the analysed one reconnects on its own while the main one plays on. */
class InputsTest {

    @Test
    void aDeadSubStreamIsRetriedOnItsOwnWhileTheMainStreamPlaysAndStatusShowsBoth() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        ChannelSettings settings = ChannelSettings.of("gate", "lavfi:testsrc2=size=640x360:rate=25")
                .withDetectInput("rtsp://127.0.0.1:" + port + "/sub")
                .withReconnect(100, 200, 2_000);
        try (Channel c = new Channel(settings, e -> {}, new EventEnvelope(), ChannelListener.NONE).start()) {
            Waits.until("the main input plays while the detect input is retried", Duration.ofSeconds(20), () -> {
                List<InputStatus> in = c.inputs();
                return in.get(0).frames() > 25 && in.get(1).reconnects() >= 2;
            });
            List<InputStatus> in = c.inputs();
            assertEquals(List.of("record", "live"), in.get(0).roles());
            assertEquals("online", in.get(0).state());
            assertEquals(List.of("detect"), in.get(1).roles());
            assertEquals("reconnecting", in.get(1).state(), in.get(1).toString());
            assertTrue(in.get(1).reason().contains("127.0.0.1"), in.get(1).reason());
            assertEquals(0, in.get(1).frames());
            assertEquals(Channel.State.ONLINE, c.state(), "the channel itself stays online");
        }
    }

    @Test
    void twoTestSourcesOfOneSceneFeedTheirRoles() throws Exception {
        ChannelSettings settings = ChannelSettings.of("gate", "lavfi:testsrc2=size=1280x720:rate=25")
                .withDetectInput("lavfi:testsrc2=size=640x360:rate=10");
        try (Channel c = new Channel(settings, e -> {}, new EventEnvelope(), ChannelListener.NONE).start()) {
            Waits.until("both inputs play", Duration.ofSeconds(20), () -> {
                return c.inputs().stream().allMatch(i -> i.frames() > 10);
            });
            assertEquals(1280, c.info().width(), "the main input is the channel's stream");
            assertTrue(c.analysisStats().get("motion").frames() > 0, "the detect input is analysed");
        }
    }
}
