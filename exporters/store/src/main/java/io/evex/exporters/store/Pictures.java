package io.evex.exporters.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The pictures events carry (crops, best crops), kept as files beside the database rather than as
 * blobs in its hot table: {@code <folder>/<channel>/<event id>.jpg}, named by a hash when the id is
 * not safe as a file name (ids written through the API can be anything).
 */
final class Pictures {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path folder;

    Pictures(Path folder) {
        this.folder = folder;
    }

    /** Writes {@code base64} as the picture of the event; returns its name relative to the folder. */
    String write(String channel, String eventId, String base64) throws IOException {
        String name = (SAFE.matcher(channel).matches() ? channel : hash(channel)) + "/"
                + (SAFE.matcher(eventId).matches() ? eventId : hash(eventId)) + ".jpg";
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(base64));
        return name;
    }

    /** The file of a picture's name, when it is still there. */
    Path file(String name) {
        Path file = folder.resolve(name).normalize();
        return file.startsWith(folder) && Files.isRegularFile(file) ? file : null;
    }

    /** Deletes a picture; a missing one is no error. */
    void delete(String name) throws IOException {
        Path file = file(name);
        if (file != null) {
            Files.delete(file);
        }
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
