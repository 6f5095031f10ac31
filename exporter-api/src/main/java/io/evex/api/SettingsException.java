package io.evex.api;

import java.util.List;

/** Settings that do not match their declaration; {@link #problems()} has one line per problem. */
public class SettingsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
