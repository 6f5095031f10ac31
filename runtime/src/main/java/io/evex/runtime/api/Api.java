package io.evex.runtime.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Exporter;
import io.evex.api.history.EventHistory;
import io.evex.api.media.VideoExporter;
import io.evex.runtime.bus.delivery.ExporterStats;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.http.Auth;
import io.evex.runtime.http.HttpSettings;
import io.evex.runtime.http.TokenStore;
import io.evex.runtime.live.LiveVideo;
import io.evex.runtime.media.Recorded;
import io.evex.runtime.onvif.Onvif;
import io.evex.runtime.onvif.OnvifSettings;
import io.evex.runtime.video.RecordingReader;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP API of one runtime: its stores (tokens, groups, metadata, recent events), its picture
 * cache and previews, and the routes of each concern under {@value #BASE}.
 */
public final class Api implements AutoCloseable {

    public static final String BASE = "/api/v1";

    private final ApiHost evex;
    private final Auth auth;
    private final GroupStore groups;
    private final LiveFrames live;
    private final PictureCache pictures = new PictureCache();
    private final MjpegHub previews;
    private final RecentEvents recent = new RecentEvents(1000);
    private final EventStream stream;
    private final MetadataStore metadata;
    private final ApiMetrics metrics;
    private final byte[] openApi;
    private final LiveVideo liveVideo = LiveVideo.source();
    private final LiveVideo liveAnnotated = LiveVideo.annotated();
    private final LiveRoutes liveRoutes;
    private final List<String> origins;
    private final Onvif onvif;
    private Supplier<URI> base = () -> URI.create("http://localhost/");

    public Api(ApiHost evex, HttpSettings settings) {
        this(evex, settings, OnvifSettings.OFF);
    }

    /** The API, and ONVIF's services beside it when {@code onvif} is enabled. */
    public Api(ApiHost evex, HttpSettings settings, OnvifSettings onvif) {
        this.evex = evex;
        String admin = settings.adminToken() != null ? settings.adminToken() : System.getenv("EVEX_ADMIN_TOKEN");
        this.groups = new GroupStore(settings.stateDir());
        this.auth = new Auth(
                new TokenStore(settings.stateDir(), admin), groups::members, settings.open(), settings.limits());
        this.live = new LiveFrames(evex::channels);
        this.previews = new MjpegHub(pictures, settings.limits().previewForms());
        this.metadata = new MetadataStore(settings.limits().metadataBytesPerChannel());
        this.stream = new EventStream(auth);
        this.metrics = new ApiMetrics(evex::bus, evex::channels, pictures, previews, auth);
        this.origins = settings.allowedOrigins();
        this.liveRoutes = new LiveRoutes(auth, live, liveVideo, liveAnnotated, origins);
        this.onvif =
                onvif.enabled() ? new Onvif(onvif, auth, new OnvifDevice(evex, live, pictures, this::viewUrls)) : null;
        try (InputStream in = Api.class.getResourceAsStream("openapi.json")) {
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is missing from the runtime jar", e);
        }
    }

    public Auth auth() {
        return auth;
    }

    /** Where the server answers (for the URLs the API hands out). */
    public void baseUri(Supplier<URI> uri) {
        this.base = uri;
    }

    /** Sees every published event (for {@code GET /events}). */
    public void seen(ObjectNode event) {
        recent.add(event);
        stream.offer(event);
        if (onvif != null) {
            onvif.seen(event);
        }
    }

    /**
     * The runtime's own video outputs the API serves (live video in browsers), by name: the media
     * side feeds them as it feeds media exporters.
     */
    public Map<String, VideoExporter> videoOutputs() {
        return Map.of("live", liveVideo, "live-annotated", liveAnnotated);
    }

    /** Live video per view and channel: viewers, fragments, bytes, skips of slow viewers. */
    public Map<String, Object> liveStats() {
        return Map.of("sockets", liveRoutes.sockets(), "source", liveVideo.stats(), "annotated", liveAnnotated.stats());
    }

    /** Pictures encoded so far for the API (latest images, previews, past images). */
    public long pictureEncodes() {
        return pictures.encodes();
    }

    /** Adds every route of the API. */
    public void routes(RoutesConfig routes) {
        // A newcomer who opens /api/v1/ learns where to go and what to send, without a token.
        routes.get(BASE, ctx -> Json.send(ctx, 200, new Index()));
        routes.get(
                BASE + "/openapi.json",
                ctx -> ctx.contentType("application/json").result(openApi));
        new ChannelRoutes(auth, live).register(routes);
        new ImageRoutes(auth, live, pictures).register(routes);
        new MediaRoutes(auth, live, previews, this::recordings).register(routes);
        liveRoutes.register(routes);
        new RecordingRoutes(auth, live, this::recordings).register(routes);
        new ClipRoutes(auth, live, evex::clips).register(routes);
        // The bus starts after the server: publish through the runtime's publisher as it is then.
        EventSink publish = e -> evex.publisher().accept(e);
        new MetadataRoutes(auth, live, metadata, evex.catalog(), publish).register(routes);
        new GroupRoutes(auth, groups, live, () -> base.get(), this::viewUrls).register(routes);
        new TokenRoutes(auth).register(routes);
        HistoryRoutes history = new HistoryRoutes(auth, this::store);
        new EventRoutes(auth, evex.catalog(), publish, recent, history).register(routes);
        history.registerStats(routes);
        stream.register(routes); // /events/stream and /events/stats before /events/{id}
        history.registerById(routes);
        new ConfigRoutes(auth, evex::reconfiguration, evex::kinds).register(routes);
        new ConsoleRoutes(origins).register(routes);
        if (onvif != null) {
            onvif.routes(routes);
        }
        if (evex.cluster() != null) {
            new ClusterRoutes(auth, evex.cluster(), evex.channelDefinitions()).register(routes);
        }

        routes.get(BASE + "/exporters", ctx -> {
            boolean admin = auth.operator(ctx).admin();
            List<ExporterView> all = ExporterView.all(evex.bus().stats());
            Json.send(
                    ctx,
                    200,
                    new Exporters(
                            admin
                                    ? all
                                    : all.stream()
                                            .map(ExporterView::withoutDetails)
                                            .toList()));
        });
        routes.get(BASE + "/metrics", ctx -> {
            auth.operator(ctx);
            ctx.contentType(metrics.contentType()).result(metrics.scrape());
        });
    }

    /** The body of {@code GET /}: the API's entry points. */
    record Index(String openapi, String token, Map<String, String> links) {
        Index() {
            this(
                    BASE + "/openapi.json",
                    "Authorization: Bearer <token>, or ?token=: the admin token is printed once by the first evex run",
                    linksOf(
                            "channels",
                            "groups",
                            "tokens",
                            "events",
                            "events/stream",
                            "exporters",
                            "exporter-kinds",
                            "metrics"));
        }

        private static Map<String, String> linksOf(String... names) {
            Map<String, String> links = new LinkedHashMap<>();
            for (String n : names) {
                links.put(n, BASE + "/" + n);
            }
            return links;
        }
    }

    /** The body of {@code GET /exporters}. */
    record Exporters(List<ExporterView> exporters) {}

    /** Per exporter kind, the URL a viewer opens for {@code channel} (HLS, RTSP), where one serves it. */
    private Map<String, String> viewUrls(String channel) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (ExporterStats s : evex.bus().stats()) {
            Exporter e = evex.bus().exporter(s.name());
            if (e instanceof VideoExporter video) {
                video.viewUrl(channel).ifPresent(url -> urls.putIfAbsent(s.kind(), url.toString()));
            }
        }
        return urls;
    }

    /** The first exporter that keeps the event history, with the types it keeps. */
    private java.util.Optional<HistoryRoutes.Store> store() {
        for (ExporterStats s : evex.bus().stats()) {
            if (evex.bus().exporter(s.name()) instanceof EventHistory h) {
                return java.util.Optional.of(
                        new HistoryRoutes.Store(h, s.negotiated().keySet()));
            }
        }
        return java.util.Optional.empty();
    }

    /** Every file a video exporter recorded for {@code channel}, oldest first. */
    private List<RecordingReader.Source> recordings(String channel) {
        return Recorded.files(evex.bus(), channel);
    }

    /** ONVIF's requests and subscriptions; null when it is off. */
    public Map<String, Object> onvifStatus() {
        return onvif == null ? null : onvif.status();
    }

    @Override
    public void close() {
        if (onvif != null) {
            onvif.close();
        }
        liveRoutes.close();
        previews.close();
        pictures.close();
    }
}
