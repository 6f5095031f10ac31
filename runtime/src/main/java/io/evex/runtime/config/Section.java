package io.evex.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.schemas.JsonDocuments;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import java.nio.file.Path;

/** Where a section was read from: problems name the file, the line and the pointer. */
record Section(String source, Path base) {
    ProblemException problem(JsonNode node, String pointer, String message) {
        return new ProblemException(new Problem(source, JsonDocuments.lineOf(node), pointer, message));
    }
}
