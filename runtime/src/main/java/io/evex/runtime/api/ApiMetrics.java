package io.evex.runtime.api;

import io.evex.runtime.bus.EventBus;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.channel.Channel;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
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

    ApiMetrics(
            Supplier<EventBus> bus,
            Supplier<List<Channel>> channels,
            PictureCache pictures,
            MjpegHub previews,
            io.evex.runtime.http.Auth auth) {
        register(
                true,
                "evex_events_published",
                "Events published onto the bus",
                new String[0],
                s -> s.call(bus.get().published()));
        exporters(bus, true, "delivered", "Events delivered by each exporter", ExporterStats::delivered);
        exporters(
                bus, true, "dropped", "Events dropped by each exporter (queue full, refused)", ExporterStats::dropped);
        exporters(bus, true, "failed", "Events that failed for good in each exporter", ExporterStats::failed);
        exporters(bus, true, "retries", "Delivery retries of each exporter", ExporterStats::retries);
        exporters(bus, false, "queue", "Events waiting in each exporter's queue", ExporterStats::queued);
        exporters(bus, false, "queue_capacity", "Capacity of each exporter's queue", ExporterStats::capacity);
        channels(channels, true, "frames", "Frames decoded per channel", Channel::framesDecoded);
        channels(channels, true, "reconnects", "Reconnect attempts per channel", Channel::reconnects);
        channels(
                channels,
                false,
                "online",
                "1 while the channel is online",
                c -> c.state() == Channel.State.ONLINE ? 1 : 0);
        channels(
                channels,
                false,
                "cached_frames",
                "Frames kept in each channel's cache",
                c -> c.cache().size());
        register(
                true,
                "evex_api_picture_encodes",
                "Pictures encoded for the API (latest images, previews, past images)",
                new String[0],
                s -> s.call(pictures.encodes()));
        register(
                false,
                "evex_api_preview_viewers",
                "Viewers of live MJPEG previews",
                new String[0],
                s -> s.call(previews.viewers()));
        http(auth);
        register(
                false,
                "evex_exporter_counter",
                "Each exporter's own counters (RTSP logins refused, connect failures, ...)",
                new String[] {"exporter", "kind", "counter"},
                s -> bus.get()
                        .stats()
                        .forEach(x -> x.details().forEach((k, v) -> {
                            if (v instanceof Number n) {
                                s.call(n.doubleValue(), x.name(), x.kind(), k);
                            }
                        })));
    }

    /** Sign-ins and the streams that hold threads. */
    private void http(io.evex.runtime.http.Auth auth) {
        register(
                true,
                "evex_http_login_failures",
                "Requests with a wrong token",
                new String[0],
                s -> s.call(auth.throttle().failures()));
        register(
                true,
                "evex_http_login_refusals",
                "Requests refused (429) because their address sent too many wrong tokens",
                new String[0],
                s -> s.call(auth.throttle().refusals()));
        register(
                false,
                "evex_http_streams",
                "MJPEG previews, event streams and long polls held now",
                new String[0],
                s -> s.call(auth.streams().inUse()));
        register(
                true,
                "evex_http_streams_refused",
                "Streams refused for a limit (per token: 429; in all: 503)",
                new String[0],
                s -> s.call(auth.streams().refused()));
    }

    /** One sample of a metric: its value and label values. */
    private interface Sample {
        void call(double value, String... labels);
    }

    private void exporters(
            Supplier<EventBus> bus, boolean counter, String name, String help, ToDoubleFunction<ExporterStats> value) {
        register(
                counter,
                "evex_exporter_" + name,
                help,
                new String[] {"exporter", "kind"},
                s -> bus.get().stats().forEach(x -> s.call(value.applyAsDouble(x), x.name(), x.kind())));
    }

    private void channels(
            Supplier<List<Channel>> channels,
            boolean counter,
            String name,
            String help,
            Function<Channel, Number> value) {
        register(
                counter,
                "evex_channel_" + name,
                help,
                new String[] {"channel"},
                s -> channels.get().forEach(c -> s.call(value.apply(c).doubleValue(), c.name())));
    }

    /** A counter or gauge whose samples are read at scrape time. */
    private void register(boolean counter, String name, String help, String[] labels, Consumer<Sample> samples) {
        if (counter) {
            CounterWithCallback.builder()
                    .name(name)
                    .help(help)
                    .labelNames(labels)
                    .callback(cb -> samples.accept(cb::call))
                    .register(registry);
        } else {
            GaugeWithCallback.builder()
                    .name(name)
                    .help(help)
                    .labelNames(labels)
                    .callback(cb -> samples.accept(cb::call))
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
