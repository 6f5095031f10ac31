package io.evex.schemas;

/**
 * One thing wrong with an input document, precise enough to fix it without guessing.
 *
 * @param source the file (or other origin) the document came from
 * @param line the 1-based line in the source, or 0 when unknown
 * @param pointer the JSON pointer of the offending value ({@code ""} is the whole document)
 * @param message what is wrong
 */
public record Problem(String source, int line, String pointer, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (pointer != null) {
            sb.append(pointer.isEmpty() ? "(document)" : pointer).append(": ");
        }
        return sb.append(message).toString();
    }
}
