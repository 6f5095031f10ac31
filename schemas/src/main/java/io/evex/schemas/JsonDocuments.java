package io.evex.schemas;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.serialization.node.LocationJsonNodeFactory;
import com.networknt.schema.serialization.node.TokenStreamLocationAware;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads JSON and YAML documents into trees that remember the line of every value, so that
 * validation problems can name the line as well as the JSON pointer.
 */
public final class JsonDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private JsonDocuments() {}

    /** Reads a file; {@code .yaml} and {@code .yml} are YAML, anything else JSON. */
    public static JsonNode read(Path file) throws ProblemException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ProblemException(new Problem(file.toString(), 0, null, "no such file"));
        } catch (IOException e) {
            throw new ProblemException(new Problem(file.toString(), 0, null, "cannot read: " + e.getMessage()));
        }
        String name = file.getFileName().toString().toLowerCase();
        return parse(text, file.toString(), name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** Parses text; a syntax error becomes a {@link Problem} with its line. */
    public static JsonNode parse(String text, String source, boolean yaml) throws ProblemException {
        ObjectMapper mapper = yaml ? YAML : JSON;
        try (JsonParser parser = mapper.createParser(text)) {
            JsonNode node =
                    mapper.reader().with(new LocationJsonNodeFactory(parser)).readTree(parser);
            if (node == null) {
                throw new ProblemException(new Problem(source, 0, null, "the document is empty"));
            }
            if (parser.nextToken() != null) {
                throw new ProblemException(new Problem(
                        source,
                        parser.currentLocation().getLineNr(),
                        null,
                        "unexpected content after the end of the document"));
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ProblemException(new Problem(
                    source,
                    at == null ? 0 : at.getLineNr(),
                    null,
                    "not valid " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProblemException(new Problem(source, 0, null, "cannot read: " + e.getMessage()));
        }
    }

    /** The line a node was read from, or 0 if it was not read by this class. */
    public static int lineOf(JsonNode node) {
        if (node instanceof TokenStreamLocationAware aware && aware.tokenStreamLocation() != null) {
            return aware.tokenStreamLocation().getLineNr();
        }
        return 0;
    }
}
