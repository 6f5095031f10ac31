package io.evex.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.http.Access.Permission;
import io.evex.runtime.state.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code tokens.json}: what a {@link TokenStore} keeps across restarts. Group tokens written before
 * permissions existed ({@code groups_sha256}) keep the power they had then: view, metadata, events.
 */
final class TokenFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    TokenFile(Path file) {
        this.file = file;
    }

    void load(TokenStore s) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Base64.Decoder d = Base64.getDecoder();
            if (root.hasNonNull("secret")) {
                s.secret = d.decode(root.get("secret").asText());
            }
            if (root.hasNonNull("admin_sha256")) {
                s.adminHash = d.decode(root.get("admin_sha256").asText());
            }
            root.path("groups_sha256")
                    .fields()
                    .forEachRemaining(e -> s.groups.put(
                            e.getKey(),
                            new TokenStore.Grant(
                                    d.decode(e.getValue().asText()), EnumSet.allOf(Permission.class), 0, 0)));
            root.path("groups").fields().forEachRemaining(e -> {
                JsonNode g = e.getValue();
                Set<Permission> permissions = EnumSet.noneOf(Permission.class);
                g.path("permissions")
                        .forEach(p ->
                                permissions.add(Permission.valueOf(p.asText().toUpperCase())));
                s.groups.put(
                        e.getKey(),
                        new TokenStore.Grant(
                                d.decode(g.path("sha256").asText()),
                                permissions,
                                g.path("expires_at_ms").asLong(0),
                                g.path("epoch").asInt(0)));
            });
            root.path("viewers")
                    .fields()
                    .forEachRemaining(e -> s.viewers.put(
                            e.getKey(),
                            new TokenStore.Viewer(
                                    e.getValue().path("name").asText(""),
                                    d.decode(e.getValue().path("sha256").asText()),
                                    e.getValue().path("expires_at_ms").asLong(0))));
            root.path("channel_generations")
                    .fields()
                    .forEachRemaining(
                            e -> s.generations.put(e.getKey(), e.getValue().asInt()));
            root.path("group_epochs")
                    .fields()
                    .forEachRemaining(e -> s.epochs.put(e.getKey(), e.getValue().asInt()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    file + " cannot be read (" + e.getMessage() + "); move it away to start with new tokens");
        }
    }

    void save(TokenStore s) {
        ObjectNode root = JSON.createObjectNode();
        Base64.Encoder e = Base64.getEncoder();
        root.put("secret", e.encodeToString(s.secret));
        if (s.adminHash != null) {
            root.put("admin_sha256", e.encodeToString(s.adminHash));
        }
        ObjectNode groups = root.putObject("groups");
        s.groups.forEach((id, g) -> {
            ObjectNode o = groups.putObject(id)
                    .put("sha256", e.encodeToString(g.hash()))
                    .put("epoch", g.epoch());
            TokenStore.ids(g.permissions()).forEach(o.putArray("permissions")::add);
            if (g.expiresAtMillis() != 0) {
                o.put("expires_at_ms", g.expiresAtMillis());
            }
        });
        ObjectNode viewers = root.putObject("viewers");
        s.viewers.forEach((id, v) -> {
            ObjectNode o = viewers.putObject(id).put("name", v.name()).put("sha256", e.encodeToString(v.hash()));
            if (v.expiresAtMillis() != 0) {
                o.put("expires_at_ms", v.expiresAtMillis());
            }
        });
        ObjectNode gens = root.putObject("channel_generations");
        s.generations.forEach(gens::put);
        ObjectNode epochs = root.putObject("group_epochs");
        s.epochs.forEach(epochs::put);
        try {
            StateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
