package io.evex.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.Renamed;
import io.evex.api.SettingsException;
import io.evex.api.ShellWords;
import io.evex.runtime.cli.EvexCommand;
import io.evex.runtime.config.ConfigLoader;
import io.evex.runtime.exporter.ExporterKind;
import io.evex.runtime.exporter.ExporterKinds;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.runtime.process.DescriptorLoader;
import io.evex.runtime.process.ProcessHost;
import io.evex.schemas.EventCatalog;
import io.evex.schemas.JsonDocuments;
import io.evex.schemas.Problem;
import io.evex.schemas.ProblemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The docs cannot drift from the code: every configuration block in them is checked against the
 * schema in the current names (and its exporters' settings against their kinds), every
 * {@code ./evex} command line parses, the reference tables are what the schema and the kinds say,
 * every exporter kind has its page, and every relative link leads somewhere. Run with
 * {@code -Devex.docs.write=true} to rewrite the generated tables after changing a setting.
 */
class DocsIT {

    private static final Path ROOT =
            Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
    private static final boolean WRITE = Boolean.getBoolean("evex.docs.write");
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*(.*)$");
    /** {@code ./evex run ...}, {@code ../evex run ...}, {@code ExecStart=/opt/evex/evex run ...}. */
    private static final Pattern COMMAND = Pattern.compile("(?:^|[\\s=(])(?:\\S*/)?evex (.*)$");

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventCatalog catalog;
    private static ExporterKinds kinds;

    @TempDir
    Path tmp;

    record Block(Path page, int line, String language, String info, String text) {
        String where() {
            return ROOT.relativize(page) + ":" + line;
        }
    }

    @BeforeAll
    static void loadKinds() {
        catalog = EventCatalog.load();
        kinds = ExporterKinds.discover(
                List.of(ROOT.resolve("dist/target/evex/builtin-plugins")),
                List.of(ROOT.resolve("exporters/examples")),
                catalog,
                new ProcessHost());
    }

    @AfterAll
    static void closeKinds() {
        kinds.close();
    }

    @Test
    void everyConfigurationInTheDocsIsValidInTheCurrentNames() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Block b : blocks()) {
            if (b.info().contains("fragment")) {
                continue;
            }
            try {
                if (b.language().equals("yaml")) {
                    config(b, JsonDocuments.parse(b.text(), b.where(), true), wrong);
                    checked++;
                } else if (b.language().equals("json")) {
                    json(b, wrong);
                    checked++;
                }
            } catch (ProblemException e) {
                wrong.add(b.where() + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked > 20, "the docs' configurations were found: " + checked);
    }

    private void json(Block b, List<String> wrong) throws Exception {
        JsonNode doc = JsonDocuments.parse(b.text(), b.where(), false);
        if (doc.has("$id")) {
            catalog.validate(doc, b.where(), 0).forEach(p -> wrong.add(b.where() + ": " + p));
        } else if (doc.has("command")) {
            Path dir = Files.createDirectories(tmp.resolve("d" + b.line()));
            Path file = Files.writeString(dir.resolve("exporter.json"), b.text());
            new DescriptorLoader(catalog.validator(), new Negotiator(catalog)).load(file);
        } else {
            config(b, doc, wrong);
        }
    }

    /** A whole configuration, or one entry: {@code yaml channel} and {@code yaml exporter} blocks. */
    private void config(Block b, JsonNode doc, List<String> wrong) throws ProblemException {
        ObjectNode root;
        if (b.info().contains("channel")) {
            root = JsonNodeFactory.instance.objectNode();
            root.putArray("channels").add(doc);
        } else if (b.info().contains("exporter")) {
            root = JsonNodeFactory.instance.objectNode();
            root.putArray("exporters").add(doc);
        } else {
            root = (ObjectNode) doc;
        }
        ConfigLoader.migrate(root, b.where())
                .forEach(c ->
                        wrong.add(b.where() + ": a former name: " + c.renamed().advice()));
        for (Problem p : catalog.validator().validate("config.schema.json", root, b.where(), 0)) {
            wrong.add(b.where() + " (+" + p.line() + "): " + p.pointer() + ": " + p.message());
        }
        for (JsonNode e : root.path("exporters")) {
            ExporterKind kind = kinds.kinds().get(e.path("type").asText());
            if (kind == null) {
                wrong.add(b.where() + ": no exporter kind '" + e.path("type").asText() + "'");
                continue;
            }
            Map<String, Object> settings = JSON.convertValue(e.path("settings"), Map.class);
            try {
                List<Renamed> renamed = kind.factory()
                        .settings()
                        .resolve(settings == null ? Map.of() : settings)
                        .renamed();
                renamed.forEach(r -> wrong.add(b.where() + ": a former setting name: " + r.advice()));
            } catch (SettingsException ex) {
                boolean onlyRequired = ex.getMessage().contains("is required")
                        && !ex.getMessage().contains("unknown");
                if (!onlyRequired) {
                    wrong.add(b.where() + ": " + e.path("type").asText() + ": " + ex.getMessage());
                }
            }
        }
    }

    @Test
    void everyEvexCommandInTheDocsParses() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Block b : blocks()) {
            if (!b.language().equals("bash") && !b.language().equals("text")) {
                continue;
            }
            for (String command : b.text().replace("\\\n", " ").split("\n")) {
                String line = command.replaceAll("\\s+#.*$", "").trim();
                Matcher evex = COMMAND.matcher(line);
                if (!evex.find() || line.startsWith("#")) {
                    continue;
                }
                String words = evex.group(1).split("\\s*(;|&&|\\||&\\)|\\))\\s*")[0];
                List<String> args = ShellWords.split(words.replace("$", "X"));
                try {
                    CommandLine cli = new CommandLine(new EvexCommand());
                    cli.setCaseInsensitiveEnumValuesAllowed(true);
                    cli.parseArgs(args.toArray(String[]::new));
                    checked++;
                } catch (CommandLine.ParameterException e) {
                    wrong.add(b.where() + ": ./evex " + words + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked > 20, "the docs' commands were found: " + checked);
    }

    @Test
    void theConfigurationReferenceIsTheSchema() throws Exception {
        JsonNode schema =
                JSON.readTree(ROOT.resolve("schemas/config.schema.json").toFile());
        generated(ROOT.resolve("docs/configuration.md"), "configuration", ReferenceTables.configuration(schema));
    }

    @Test
    void theEventTypesPageListsEveryTypeAndVersion() throws Exception {
        JsonNode catalogFile =
                JSON.readTree(ROOT.resolve("schemas/catalog.json").toFile());
        generated(ROOT.resolve("docs/events.md"), "events", ReferenceTables.events(catalogFile, name -> {
            try {
                return JSON.readTree(
                        ROOT.resolve("schemas/" + name + ".schema.json").toFile());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
    }

    @Test
    void everyExporterKindHasItsPageWithItsSettings() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (ExporterKind kind : kinds.kinds().values()) {
            if (!kind.factory().getClass().getPackageName().startsWith("io.evex.exporters.")) {
                continue; // program exporters and third-party plugins have their own READMEs
            }
            Path page = ROOT.resolve("docs/exporters/" + kind.factory().name() + ".md");
            if (!Files.exists(page)) {
                missing.add(kind.factory().name());
                continue;
            }
            generated(page, "settings", ReferenceTables.settings(kind.factory().settings()));
            checked++;
        }
        assertEquals(List.of(), missing, "every built-in kind has docs/exporters/<kind>.md");
        assertTrue(checked >= 13, "the built-in kinds were found: " + checked);
    }

    @Test
    void everyRelativeLinkLeadsToAFile() throws Exception {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.contains("://") || target.startsWith("mailto:")) {
                        continue;
                    }
                    if (!Files.exists(page.getParent().resolve(target).normalize())) {
                        broken.add(ROOT.relativize(page) + ":" + (i + 1) + ": " + target);
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** The page's text between {@code <!-- generated:NAME -->} and {@code <!-- /generated -->} is {@code table}. */
    private static void generated(Path page, String name, String table) throws IOException {
        String text = Files.readString(page);
        String open = "<!-- generated:" + name + " -->";
        String close = "<!-- /generated -->";
        int from = text.indexOf(open);
        int to = text.indexOf(close, Math.max(from, 0));
        assertTrue(from >= 0 && to > from, page + " needs a section " + open + " ... " + close);
        String now = text.substring(from + open.length(), to);
        table = "\n" + table + "\n";
        if (WRITE && !now.equals(table)) {
            Files.writeString(page, text.substring(0, from + open.length()) + table + text.substring(to));
            return;
        }
        assertEquals(table, now, page + " is out of date: rerun with -Devex.docs.write=true");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static List<Block> blocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = FENCE.matcher(lines.get(i));
                if (!m.matches() || m.group(1).isEmpty()) {
                    continue;
                }
                int start = i + 1;
                StringBuilder text = new StringBuilder();
                for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(page, start, m.group(1), m.group(2), text.toString()));
            }
        }
        return blocks;
    }
}
