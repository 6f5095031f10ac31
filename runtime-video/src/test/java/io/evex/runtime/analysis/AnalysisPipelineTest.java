package io.evex.runtime.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.analysis.motion.MotionSettings;
import io.evex.runtime.analysis.motion.MotionStage;
import io.evex.schemas.EventCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stages run in memory, without FFmpeg, on frames drawn in the test. */
class AnalysisPipelineTest {

    private static final int W = 320;
    private static final int H = 180;

    /** A grey 320x180 frame at 25 fps with a bright 40x40 square at {@code x} (none when negative). */
    private static MemoryFrame frame(long id, int x) {
        byte[] px = new byte[W * H];
        java.util.Arrays.fill(px, (byte) 60);
        for (int y = 70; y < 110 && x >= 0; y++) {
            for (int xx = x; xx < x + 40; xx++) {
                px[y * W + xx] = (byte) 220;
            }
        }
        return new MemoryFrame("cam", id, id * 40_000, 1_795_446_600_000L + id * 40, px, W, H);
    }

    @Test
    void aMovingSquareIsReportedWhereItIsAsSchemaValidMotionEvents() {
        try (EmbeddedPipeline p =
                new EmbeddedPipeline("cam").addLast("motion", new MotionStage(MotionSettings.DEFAULT))) {
            for (int i = 0; i < 50; i++) {
                p.feed(frame(i + 1, i < 10 ? -1 : 20 + (i - 10) * 4));
            }
            List<ObjectNode> motion = p.events("event-motion");
            // 40 frames of movement at 25 fps = 1.6 s, with a 1 s cool-down: two events
            assertEquals(2, motion.size(), motion.toString());
            ObjectNode first = motion.get(0);
            assertEquals("cam", first.get("channel").asText());
            assertEquals(11, first.get("frame_id").asLong(), "the first frame that differs");
            double top = first.at("/regions/0/box/t").asDouble();
            double height = first.at("/regions/0/box/h").asDouble();
            assertTrue(top > 0.3 && top < 0.45 && height > 0.15 && height < 0.35, first.toString());
            assertEquals(List.of(), EventCatalog.load().validate(first, "test", 0));
            assertEquals(50, p.passed().size(), "motion passes every frame on");
            assertTrue(p.overlay().length >= 4, "the moving region is drawn");
        }
    }

    @Test
    void aStillSceneEmitsNothingAndDrawsNothing() {
        try (EmbeddedPipeline p =
                new EmbeddedPipeline("cam").addLast("motion", new MotionStage(MotionSettings.DEFAULT))) {
            for (int i = 0; i < 30; i++) {
                p.feed(frame(i + 1, 100));
            }
            assertEquals(List.of(), p.events());
            assertArrayEquals(new float[0], p.overlay());
        }
    }

    @Test
    void theRateStageKeepsLaterStagesToItsRateOnTheSourceClock() {
        List<Long> seen = new ArrayList<>();
        try (EmbeddedPipeline p = new EmbeddedPipeline("cam")
                .addLast("rate", new RateStage(10))
                .addLast("spy", (ctx, f) -> {
                    seen.add(f.frameId());
                    ctx.next(f);
                })) {
            for (int i = 0; i < 50; i++) { // 2 s at 25 fps
                p.feed(frame(i + 1, -1));
            }
            assertEquals(20, seen.size(), seen.toString());
            assertEquals(seen, p.passed().stream().map(AnalysisFrame::frameId).toList());
            assertEquals(50, p.pipeline().stats().get("rate").frames());
            assertEquals(20, p.pipeline().stats().get("spy").frames());
        }
    }

    @Test
    void stagesRunInTheOrderAddedAndNamesAreUnique() {
        List<String> order = new ArrayList<>();
        AnalysisPipeline pipeline = new AnalysisPipeline("cam", new io.evex.runtime.event.EventEnvelope(), e -> {});
        pipeline.addLast("a", (ctx, f) -> {
                    order.add(ctx.name());
                    ctx.next(f);
                })
                .addLast("b", (ctx, f) -> order.add(ctx.name()))
                .addLast("c", (ctx, f) -> order.add(ctx.name()));
        pipeline.process(frame(1, -1));
        assertEquals(List.of("a", "b"), order, "b did not pass the frame on, so c never saw it");
        assertEquals(List.of("a", "b", "c"), pipeline.names());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> pipeline.addLast("b", (ctx, f) -> {}));
        assertTrue(e.getMessage().contains("already has an analysis stage named 'b'"), e.getMessage());
    }
}
