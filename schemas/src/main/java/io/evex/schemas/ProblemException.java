package io.evex.schemas;

import java.util.List;
import java.util.stream.Collectors;

/** An input was refused; {@link #problems()} says where and why, one entry per problem. */
public class ProblemException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ProblemException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ProblemException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
