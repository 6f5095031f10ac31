package io.evex.runtime.api;

import io.evex.runtime.bus.EventBus;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.clips.ClipMaker;
import io.evex.runtime.cluster.ClusterNode;
import io.evex.runtime.cluster.ClusterSettings;
import io.evex.runtime.event.EventSink;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.media.MediaHub;
import io.evex.runtime.process.PreprocessFilter;
import io.evex.runtime.reconfig.Reconfiguration;
import io.evex.schemas.EventCatalog;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP API needs of the runtime it serves, and nothing more: the composition root
 * implements it, and route tests can implement it over parts they build themselves. Every method
 * is read when a request arrives, so parts made after the server started are seen.
 */
public interface ApiHost {

    /** The running channels. */
    List<Channel> channels();

    /** The bus: its exporters' status and the events published. */
    EventBus bus();

    /** Where events written through the API go (through the preprocess filters, onto the bus). */
    EventSink publisher();

    /** The event types and their schemas. */
    EventCatalog catalog();

    /** Changes to exporters, channels and rules while the runtime runs. */
    Reconfiguration reconfiguration();

    /** The exporter kinds this runtime can make, by type. */
    Map<String, ExporterKind> kinds();

    /** The cluster this runtime is a node of, or null when it runs alone. */
    ClusterSettings cluster();

    /** Reads a cluster's channel definitions as the configuration reads its channels. */
    ClusterNode.Definitions channelDefinitions();

    /** The running preprocess filters (for the status). */
    List<PreprocessFilter> filters();

    /** The media outputs, or null before they are made (for the status). */
    MediaHub media();

    /** Live video in browsers: sockets, and per view and channel viewers and skips; empty without it. */
    default Map<String, Object> live() {
        return Map.of();
    }

    /** ONVIF's requests, refusals and subscriptions; empty when it is off. */
    default Map<String, Object> onvif() {
        return Map.of();
    }

    /** The event clips made, or null when this host makes none. */
    default ClipMaker clips() {
        return null;
    }
}
