package io.evex.api;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;

/** What the runtime gives a started exporter. */
public interface ExporterContext {

    /** The instance name from the configuration (several instances of one kind may run). */
    String name();

    /** The validated settings, defaults applied. */
    Settings settings();

    /** A logger named after this exporter instance. */
    Logger logger();

    /** A counter of this exporter instance, shown in its status; created on first use. */
    Counter counter(String name);

    /**
     * Compiles a dynamic string such as {@code out/{obj.channel}/{sys.time %H%M%S}.json}.
     *
     * @throws IllegalArgumentException with the position and reason when the pattern is malformed
     */
    Template template(String pattern);

    /**
     * Like {@link #template(String)}, for file paths: values taken from events cannot add
     * directory levels or climb out of the configured folder ({@code /}, {@code \} and
     * {@code ..} in them are replaced by {@code _}).
     */
    Template pathTemplate(String pattern);

    /** The version negotiated for each subscribed event type. */
    Map<String, Integer> negotiatedVersions();

    /** The directory relative paths are resolved against. */
    Path workingDirectory();

    /**
     * Serves the files of {@code directory} over the runtime's HTTP server under
     * {@code /<urlPath>/} (HLS playlists and segments, for instance), read fresh on every request.
     * Its sub-folders are per channel ({@code /<urlPath>/<channel>/...}): a request needs a token
     * that reaches that channel; files directly in {@code directory} are the admin's.
     *
     * @param urlPath slash-separated path without leading slash, such as {@code hls/lobby}
     * @return the URL of the directory (ending in {@code /}), or empty when HTTP is disabled
     * @throws IllegalArgumentException when another exporter already serves that path
     * @since 0.2
     */
    default java.util.Optional<java.net.URI> publish(String urlPath, Path directory) {
        return java.util.Optional.empty();
    }

    /**
     * The runtime's API tokens, to check credentials against; empty when the runtime serves no API
     * (HTTP off). A server an exporter runs accepts them as passwords with their scopes.
     *
     * @since 0.6
     */
    default java.util.Optional<TokenCheck> apiTokens() {
        return java.util.Optional.empty();
    }

    /**
     * The channels running now, with their rules; asked again whenever wanted (channels, zones
     * and lines change while the runtime runs). Empty where the runtime has no channels.
     *
     * @since 0.9
     */
    default java.util.List<ChannelView> channels() {
        return java.util.List.of();
    }
}
