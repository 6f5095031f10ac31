package io.evex.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command string into arguments the way a POSIX shell would for plain words: whitespace
 * separates, single quotes keep everything literally, double quotes keep spaces and allow
 * {@code \"} and {@code \\}, a backslash outside quotes escapes the next character. A dynamic tag
 * ({@code {sys.time %Y%m%d}}) stays whole, spaces and all ({@code {{} is a literal brace). No shell
 * is run: no variables, globs, pipes or redirections. Used for descriptor commands, filter commands
 * and GStreamer pipelines.
 *
 * @since 0.3
 */
public final class ShellWords {

    private ShellWords() {}

    /** The words of {@code command}, as a POSIX shell would split it (see the class comment). */
    public static List<String> split(String command) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\'
                        && i + 1 < command.length()
                        && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
                    current.append(command.charAt(++i));
                } else {
                    current.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    args.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '{' && i + 1 < command.length() && command.charAt(i + 1) == '{') {
                    current.append("{{"); // a literal brace, not a tag
                    i++;
                } else if (c == '{' && command.indexOf('}', i) > 0) {
                    int end = command.indexOf('}', i);
                    current.append(command, i, end + 1); // found before splitting: a tag keeps its spaces
                    i = end;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < command.length()) {
                    current.append(command.charAt(++i));
                } else {
                    current.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException(
                    "unclosed " + (quote == '"' ? "double" : "single") + " quote in '" + command + "'");
        }
        if (inWord) {
            args.add(current.toString());
        }
        return args;
    }
}
