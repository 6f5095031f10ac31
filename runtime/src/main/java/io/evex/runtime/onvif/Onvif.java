package io.evex.runtime.onvif;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.runtime.http.Auth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONVIF routes of the HTTP server: each request read as SOAP 1.2, its caller checked
 * ({@link OnvifAuth}), and the operation handed to the service of its namespace, whatever path it
 * was posted to (clients post to the addresses {@code GetServices} gives, but some reuse one).
 */
public final class Onvif implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Onvif.class);
    private static final String SOAP = "application/soap+xml; charset=utf-8";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d+)?|\\[[0-9A-Fa-f:.]+](:\\d+)?");

    private final OnvifAuth auth;
    private final OnvifHost host;
    private final DeviceService device;
    private final MediaService media;
    private final EventService events;
    private final ScheduledExecutorService ticks;
    private final LongAdder requests = new LongAdder();
    private final LongAdder faults = new LongAdder();
    private final LongAdder refusals = new LongAdder();

    public Onvif(OnvifSettings settings, Auth api, OnvifHost host) {
        this.host = host;
        this.auth = new OnvifAuth(api, host::logins);
        this.device = new DeviceService(settings, serial());
        this.media = new MediaService(host);
        this.events = new EventService(settings);
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evex-onvif-events");
            t.setDaemon(true);
            return t;
        });
        ticks.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            events.tick();
        } catch (RuntimeException e) {
            LOG.warn("ONVIF subscriptions not swept: {}", e.toString());
        }
    }

    /** A serial number that stays the same on this machine. */
    private static String serial() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "evex";
        }
        return "EVX-" + HexFormat.of().toHexDigits(name.hashCode());
    }

    /** Says where the device answers, and what is missing for its streams. */
    public static void announce(java.net.URI http, boolean rtsp) {
        LOG.info(
                "ONVIF device at {}/onvif/device_service{}",
                http.toString().replaceAll("/$", ""),
                rtsp ? "" : " (no rtsp exporter: profiles have no stream URL until one is added)");
    }

    public void routes(RoutesConfig routes) {
        for (String path : new String[] {
            DeviceService.PATH, DeviceService.MEDIA_PATH, DeviceService.MEDIA2_PATH, DeviceService.EVENTS_PATH
        }) {
            routes.post(path, ctx -> serve(ctx, null));
        }
        routes.post(EventService.SUBSCRIPTION_PATH + "{id}", ctx -> serve(ctx, ctx.pathParam("id")));
        routes.get(MediaService.SNAPSHOT_PATH + "{channel}", this::snapshot);
    }

    /** Sees every published event (rule events become notifications). */
    public void seen(JsonNode event) {
        events.seen(event);
    }

    private void serve(Context ctx, String subscription) throws InterruptedException {
        requests.increment();
        SoapRequest request;
        try {
            request = SoapRequest.read(ctx.bodyAsBytes());
        } catch (SoapFault f) {
            fault(ctx, f);
            return;
        }
        OnvifAuth.Caller caller;
        try {
            caller = auth.check(request, "POST", ctx.header("Authorization"), ctx.path(), ctx.ip());
        } catch (OnvifAuth.Refused r) {
            refuse(ctx, r);
            return;
        }
        String base = base(ctx);
        Call call = new Call(request, caller, base, hostName(base));
        try {
            String body = subscription != null ? events.answer(subscription, call) : dispatch(call);
            ctx.status(200).contentType(SOAP).result(Soap.envelope("", body));
        } catch (SoapFault f) {
            fault(ctx, f);
        }
    }

    private String dispatch(Call call) throws SoapFault {
        return switch (call.request().namespace()) {
            case Soap.DEVICE -> device.answer(call);
            case Soap.MEDIA -> media.answer1(call);
            case Soap.MEDIA2 -> media.answer2(call);
            case Soap.EVENTS -> events.answer(call);
            default ->
                throw SoapFault.notSupported(call.name() + " of "
                        + (call.request().namespace().isEmpty()
                                ? "no namespace"
                                : call.request().namespace()));
        };
    }

    private void snapshot(Context ctx) {
        requests.increment();
        String channel = URLDecoder.decode(ctx.pathParam("channel"), StandardCharsets.UTF_8);
        OnvifAuth.Caller caller;
        try {
            caller = auth.check(null, ctx.method().name(), ctx.header("Authorization"), ctx.path(), ctx.ip());
        } catch (OnvifAuth.Refused r) {
            refuse(ctx, r);
            return;
        }
        boolean known = host.channels().stream().anyMatch(c -> c.name().equals(channel));
        byte[] jpeg = known && caller.sees(channel) ? host.snapshot(channel) : null;
        if (jpeg == null) {
            ctx.status(known && caller.sees(channel) ? 503 : 404)
                    .contentType("text/plain")
                    .result(known && caller.sees(channel) ? "no picture yet" : "no such channel");
            return;
        }
        ctx.header("Cache-Control", "no-cache").contentType("image/jpeg").result(jpeg);
    }

    private void fault(Context ctx, SoapFault f) {
        faults.increment();
        LOG.debug("ONVIF request from {} answered with a fault: {}", ctx.ip(), f.getMessage());
        ctx.status(f.status()).contentType(SOAP).result(Soap.envelope("", f.xml()));
    }

    private void refuse(Context ctx, OnvifAuth.Refused r) {
        refusals.increment();
        LOG.debug("ONVIF request from {} refused: {}", ctx.ip(), r.getMessage());
        for (String challenge : r.challenges) {
            ctx.res().addHeader("WWW-Authenticate", challenge);
        }
        if (r.retryAfter > 0) {
            ctx.header("Retry-After", Long.toString(r.retryAfter));
        }
        SoapFault f = SoapFault.notAuthorized(r.getMessage());
        ctx.status(r.status).contentType(SOAP).result(Soap.envelope("", f.xml()));
    }

    /** Where the client reached us; a Host header that is not a host name is not echoed back. */
    private static String base(Context ctx) {
        String h = ctx.header("Host");
        if (h == null || !HOST.matcher(h).matches()) {
            String local = ctx.req().getLocalAddr();
            h = (local.contains(":") ? "[" + local + "]" : local) + ":"
                    + ctx.req().getLocalPort();
        }
        return ctx.scheme() + "://" + h;
    }

    private static String hostName(String base) {
        String h = base.substring(base.indexOf("://") + 3);
        if (h.startsWith("[")) {
            return h.substring(1, h.indexOf(']'));
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** Requests, faults, refused logins and the event service's subscriptions, for the status. */
    public Map<String, Object> status() {
        Map<String, Object> s = new java.util.TreeMap<>(events.status());
        s.put("requests", requests.sum());
        s.put("faults", faults.sum());
        s.put("refused_logins", refusals.sum());
        return s;
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        events.close();
    }
}
