package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every third-party jar the distribution ships is named, with its licence, in NOTICE; LICENSE is Apache-2.0. */
class ThirdPartyNoticeIT {

    private static final Path ROOT =
            Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
    private static final Pattern ARTIFACT = Pattern.compile("^(.+?)-\\d[^-]*(-.*)?\\.jar$");

    @Test
    void everyShippedLibraryIsInTheNotice() throws IOException {
        String notice = Files.readString(ROOT.resolve("NOTICE"));
        List<String> missing = new ArrayList<>();
        try (Stream<Path> jars = Files.list(ROOT.resolve("dist/target/evex/lib"))) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName().toString();
                Matcher m = ARTIFACT.matcher(name);
                if (name.startsWith("evex-") || !m.matches()) {
                    continue;
                }
                if (!named(notice, m.group(1))) {
                    missing.add(m.group(1));
                }
            }
        }
        assertEquals(List.of(), missing, "add these to NOTICE with their licence");
    }

    @Test
    void theLicenceIsApache2() throws IOException {
        String licence = Files.readString(ROOT.resolve("LICENSE"));
        assertTrue(licence.contains("Apache License") && licence.contains("Version 2.0, January 2004"));
    }

    /** The artifact by its own name, or by a {@code prefix-*} line that covers it. */
    private static boolean named(String notice, String artifact) {
        if (Pattern.compile("(^|[\\s,(])" + Pattern.quote(artifact) + "([\\s,)]|$)", Pattern.MULTILINE)
                .matcher(notice)
                .find()) {
            return true;
        }
        Matcher star = Pattern.compile("([a-z0-9.-]+-)\\*").matcher(notice);
        while (star.find()) {
            if (artifact.startsWith(star.group(1))) {
                return true;
            }
        }
        return false;
    }
}
