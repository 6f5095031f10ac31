package io.evex.runtime.api;

import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.video.Channel;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics} in the Prometheus text format (the Prometheus Java client, 1.x): every value
 * is read at scrape time from the counters the runtime keeps anyway — per exporter events
 * delivered, dropped, failed and retried, queue depth and capacity; per channel frames, reconnects,
 * online, cached frames; events published; pictures encoded and preview viewers of the API.
 */
final class ApiMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    ApiMetrics(Supplier<EventBus> bus, Supplier<List<Channel>> channels, PictureCache pictures, MjpegHub previews) {
        CounterWithCallback.builder()
                .name("evex_events_published")
                .help("Events published onto the bus")
                .callback(cb -> cb.call(bus.get().published()))
                .register(registry);
        exporterCounter(bus, "delivered", "Events delivered by each exporter", ExporterStats::delivered);
        exporterCounter(
                bus, "dropped", "Events dropped by each exporter (queue full, refused)", ExporterStats::dropped);
        exporterCounter(bus, "failed", "Events that failed for good in each exporter", ExporterStats::failed);
        exporterCounter(bus, "retries", "Delivery retries of each exporter", ExporterStats::retries);
        exporterGauge(bus, "queue", "Events waiting in each exporter's queue", ExporterStats::queued);
        exporterGauge(bus, "queue_capacity", "Capacity of each exporter's queue", ExporterStats::capacity);
        channelMetric(channels, "frames", "Frames decoded per channel", true, Channel::framesDecoded);
        channelMetric(channels, "reconnects", "Reconnect attempts per channel", true, Channel::reconnects);
        channelMetric(
                channels,
                "online",
                "1 while the channel is online",
                false,
                c -> c.state() == Channel.State.ONLINE ? 1 : 0);
        channelMetric(
                channels,
                "cached_frames",
                "Frames kept in each channel's cache",
                false,
                c -> c.cache().size());
        CounterWithCallback.builder()
                .name("evex_api_picture_encodes")
                .help("Pictures encoded for the API (latest images, previews, past images)")
                .callback(cb -> cb.call(pictures.encodes()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("evex_api_preview_viewers")
                .help("Viewers of live MJPEG previews")
                .callback(cb -> cb.call(previews.viewers()))
                .register(registry);
    }

    private void exporterCounter(
            Supplier<EventBus> bus, String name, String help, ToDoubleFunction<ExporterStats> value) {
        CounterWithCallback.builder()
                .name("evex_exporter_" + name)
                .help(help)
                .labelNames("exporter", "kind")
                .callback(cb -> bus.get().stats().forEach(s -> cb.call(value.applyAsDouble(s), s.name(), s.kind())))
                .register(registry);
    }

    private void exporterGauge(
            Supplier<EventBus> bus, String name, String help, ToDoubleFunction<ExporterStats> value) {
        GaugeWithCallback.builder()
                .name("evex_exporter_" + name)
                .help(help)
                .labelNames("exporter", "kind")
                .callback(cb -> bus.get().stats().forEach(s -> cb.call(value.applyAsDouble(s), s.name(), s.kind())))
                .register(registry);
    }

    private void channelMetric(
            Supplier<List<Channel>> channels,
            String name,
            String help,
            boolean counter,
            Function<Channel, Number> value) {
        if (counter) {
            CounterWithCallback.builder()
                    .name("evex_channel_" + name)
                    .help(help)
                    .labelNames("channel")
                    .callback(cb ->
                            channels.get().forEach(c -> cb.call(value.apply(c).doubleValue(), c.name())))
                    .register(registry);
        } else {
            GaugeWithCallback.builder()
                    .name("evex_channel_" + name)
                    .help(help)
                    .labelNames("channel")
                    .callback(cb ->
                            channels.get().forEach(c -> cb.call(value.apply(c).doubleValue(), c.name())))
                    .register(registry);
        }
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}
