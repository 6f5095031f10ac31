package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a channel or exporter that arrives over the API or the cluster's channel topic may name
 * ({@code remote_config}): exporters write only under {@code output_roots} (default: the working
 * directory), channels read only {@code source_schemes} — files ({@code file}, or a bare path) only
 * when listed, and FFmpeg test sources that read files ({@code movie=}) with them. A file on disk is
 * its owner's word and is not bounded: whoever can write it can run Evex as they like anyway.
 *
 * @param outputRoots folders (absolute, or relative to the configuration) outputs must lie in; empty:
 *     the working directory
 * @param sourceSchemes URL schemes a channel may use ({@code sample} and {@code lavfi} for the
 *     bundled and generated sources)
 */
public record RemoteBounds(List<Path> outputRoots, Set<String> sourceSchemes) {

    public static final Set<String> DEFAULT_SCHEMES =
            Set.of("rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "srt", "udp", "rtp", "sample", "lavfi");

    public static final RemoteBounds DEFAULT = new RemoteBounds(List.of(), DEFAULT_SCHEMES);

    /** Settings of exporters that name where they write. */
    private static final Set<String> OUTPUT_KEYS = Set.of("path", "dir");

    public RemoteBounds {
        outputRoots = List.copyOf(outputRoots);
        sourceSchemes = Set.copyOf(sourceSchemes);
    }

    static RemoteBounds read(JsonNode r, Section at) {
        if (!r.isObject()) {
            return DEFAULT;
        }
        List<Path> roots = new ArrayList<>();
        r.path("output_roots")
                .forEach(p ->
                        roots.add(at.base().resolve(p.asText()).toAbsolutePath().normalize()));
        Set<String> schemes = new LinkedHashSet<>();
        r.path("source_schemes").forEach(s -> schemes.add(s.asText().toLowerCase(Locale.ROOT)));
        return new RemoteBounds(roots, r.has("source_schemes") ? schemes : DEFAULT_SCHEMES);
    }

    /** The scheme of a channel URL: {@code rtsp}, {@code lavfi}, {@code sample}; {@code file} for a path. */
    static String scheme(String url) {
        String lower = url.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("sample") || lower.startsWith("sample:")) {
            return "sample";
        }
        int colon = lower.indexOf(':');
        return colon > 0 && lower.substring(0, colon).matches("[a-z][a-z0-9+.-]*") ? lower.substring(0, colon) : "file";
    }

    /** Refuses a channel entry with a URL (its {@code url} or an input's) this runtime does not take from outside. */
    void checkChannel(JsonNode entry, String source) throws ProblemException {
        checkSource(entry.path("url").asText(""), "/url", source);
        for (int i = 0; i < entry.path("inputs").size(); i++) {
            checkSource(entry.path("inputs").get(i).path("url").asText(""), "/inputs/" + i + "/url", source);
        }
    }

    private void checkSource(String url, String pointer, String source) throws ProblemException {
        if (url.isEmpty()) {
            return;
        }
        String scheme = scheme(url);
        boolean readsFiles =
                scheme.equals("lavfi") && url.toLowerCase(Locale.ROOT).matches("(?s).*\\bmovie=.*");
        if (!sourceSchemes.contains(scheme) || (readsFiles && !sourceSchemes.contains("file"))) {
            throw new ProblemException(new Problem(
                    source,
                    0,
                    pointer,
                    (readsFiles ? "a test source that reads files" : "'" + scheme + ":' sources")
                            + " are not taken over the API or the cluster topic (remote_config.source_schemes: "
                            + String.join(", ", sourceSchemes.stream().sorted().toList()) + ")"));
        }
    }

    /** Refuses an exporter entry that would write outside the output roots. */
    void checkExporter(JsonNode entry, Path workDir, String source) throws ProblemException {
        List<Path> roots =
                outputRoots.isEmpty() ? List.of(workDir.toAbsolutePath().normalize()) : outputRoots;
        for (var it = entry.path("settings").fields(); it.hasNext(); ) {
            var e = it.next();
            if (!OUTPUT_KEYS.contains(e.getKey()) || !e.getValue().isTextual()) {
                continue;
            }
            // {obj.channel}-like tags stand for one safe path segment each: check the rest
            String plain = e.getValue().asText().replaceAll("\\{[^}]*}", "x");
            Path target = workDir.resolve(plain).toAbsolutePath().normalize();
            if (roots.stream().noneMatch(target::startsWith)) {
                throw new ProblemException(new Problem(
                        source,
                        0,
                        "/settings/" + e.getKey(),
                        "writes to " + target + ", outside the folders entries from the API or the cluster topic"
                                + " may write to (remote_config.output_roots: " + roots + ")"));
            }
        }
    }
}
