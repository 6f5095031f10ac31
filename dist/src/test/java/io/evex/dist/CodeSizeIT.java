package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the code readable in pieces: no top-level class over {@value #MAX_CLASS} lines and no
 * method or constructor over {@value #MAX_METHOD}, in main and test code of every module, measured
 * on the syntax tree (comments and Javadoc included, as a reader sees them).
 */
class CodeSizeIT {

    private static final int MAX_CLASS = 400;
    private static final int MAX_METHOD = 60;
    private static final Path ROOT =
            Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();

    @Test
    void noClassOver400LinesAndNoMethodOver60() throws IOException {
        JavaParser parser =
                new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources()) {
            CompilationUnit unit = parser.parse(file).getResult().orElseThrow();
            String where = ROOT.relativize(file).toString();
            for (TypeDeclaration<?> type : unit.getTypes()) {
                check(tooLong, where, type.getNameAsString(), type, MAX_CLASS);
            }
            for (CallableDeclaration<?> method : unit.findAll(CallableDeclaration.class)) {
                check(tooLong, where, method.getNameAsString() + "()", method, MAX_METHOD);
            }
        }
        assertEquals(List.of(), tooLong, "split these");
    }

    private static void check(List<String> out, String file, String name, Node node, int max) {
        int lines = node.getRange().map(r -> r.end.line - r.begin.line + 1).orElse(0)
                + node.getComment()
                        .flatMap(Node::getRange)
                        .map(r -> r.end.line - r.begin.line + 1)
                        .orElse(0);
        if (lines > max) {
            out.add(file + ": " + name + " has " + lines + " lines (at most " + max + ")");
        }
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/"))
                    .filter(p ->
                            !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .sorted()
                    .toList();
        }
    }
}
