package io.evex.exporters.file;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.ExporterContext;
import io.evex.api.PermanentExportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes CSV rows (RFC 4180 quoting): one per event, or with {@code rows} one per element of an
 * array in the event (the tabular layout: one row per region of an {@code event-motion}, per
 * inference of an {@code inference}), where columns written {@code @/pointer} read the element and
 * the others the event. A missing value is an empty cell; an object or array is written as its
 * JSON text, on one line with {@code minify} or indented (in one quoted cell) without.
 */
final class CsvExporter extends FileExporter {

    private static final ObjectWriter PRETTY = new ObjectMapper().writerWithDefaultPrettyPrinter();

    private final List<String> names = new ArrayList<>();
    private final List<JsonPointer> pointers = new ArrayList<>();
    /** Per column: read from the row's element (true) or from the event. */
    private final List<Boolean> fromElement = new ArrayList<>();

    private final StringBuilder row = new StringBuilder(256);
    /** Files that were empty when opened and already got their header. */
    private final Set<Path> headed = new HashSet<>();

    private char separator;
    private boolean header;
    private boolean minify;
    private boolean neutralizeFormulas;
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?");
    private JsonPointer rows;

    @Override
    public void start(ExporterContext context) {
        String sep = context.settings().getString("separator").replace("\\t", "\t");
        if (sep.length() != 1 || sep.charAt(0) == '"' || sep.charAt(0) == '\n' || sep.charAt(0) == '\r') {
            throw new IllegalArgumentException(
                    "setting 'separator': must be one character other than a quote or line break, got '" + sep + "'");
        }
        separator = sep.charAt(0);
        parseColumns(context.settings().getString("columns"));
        startFiles(context);
        header = context.settings().getBoolean("header");
        minify = context.settings().getBoolean("minify");
        neutralizeFormulas = context.settings().getBoolean("neutralize_formulas");
        String rowsSetting = context.settings().getString("rows").trim();
        try {
            rows = rowsSetting.isEmpty()
                    ? null
                    : JsonPointer.compile(rowsSetting.startsWith("/") ? rowsSetting : "/" + rowsSetting);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "setting 'rows': '" + rowsSetting + "' is not a JSON pointer: " + e.getMessage());
        }
        if (rows == null && fromElement.contains(true)) {
            throw new IllegalArgumentException(
                    "setting 'columns': columns written @/pointer read the elements of 'rows', " + "which is not set");
        }
    }

    private void parseColumns(String spec) {
        for (String column : spec.split(",")) {
            String c = column.trim();
            if (c.isEmpty()) {
                continue;
            }
            int named = c.indexOf(":/") > 0 ? c.indexOf(":/") : c.indexOf(":@/");
            String name = named > 0 ? c.substring(0, named).trim() : null;
            String pointer = named > 0 ? c.substring(named + 1).trim() : c;
            boolean element = pointer.startsWith("@");
            fromElement.add(element);
            if (element) {
                pointer = pointer.substring(1);
            }
            if (!pointer.startsWith("/")) {
                pointer = "/" + pointer;
            }
            try {
                pointers.add(JsonPointer.compile(pointer));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "setting 'columns': '" + c + "' is not a JSON pointer: " + e.getMessage());
            }
            names.add(name != null ? name : pointer.substring(1).replace('/', '.'));
        }
        if (pointers.isEmpty()) {
            throw new IllegalArgumentException("setting 'columns': no column given");
        }
    }

    @Override
    public void deliver(Event event) throws ExportException {
        String target = target(event);
        row.setLength(0);
        JsonNode json = event.json();
        JsonNode elements = rows == null ? null : json.at(rows);
        if (elements == null || !elements.isArray() || elements.isEmpty()) {
            addRow(json, MissingNode.getInstance()); // no elements: the event's own cells, element cells empty
        } else {
            for (JsonNode element : elements) {
                addRow(json, element);
            }
        }
        byte[] line = row.toString().getBytes(StandardCharsets.UTF_8);
        if (append) {
            OutputFiles.Output out = files.append(target);
            try {
                if (header && out.isNew && headed.add(out.file)) {
                    out.stream.write(headerLine());
                }
                out.stream.write(line);
            } catch (IOException e) {
                throw OutputFiles.failure("cannot write " + target, e);
            }
        } else {
            byte[] head = header ? headerLine() : new byte[0];
            byte[] whole = new byte[head.length + line.length];
            System.arraycopy(head, 0, whole, 0, head.length);
            System.arraycopy(line, 0, whole, head.length, line.length);
            files.writeWhole(target, whole);
        }
    }

    private void addRow(JsonNode event, JsonNode element) throws ExportException {
        for (int i = 0; i < pointers.size(); i++) {
            if (i > 0) {
                row.append(separator);
            }
            JsonNode value = (fromElement.get(i) ? element : event).at(pointers.get(i));
            if (!value.isMissingNode() && !value.isNull()) {
                cell(value.isValueNode() ? value.asText() : json(value));
            }
        }
        row.append("\r\n");
    }

    private String json(JsonNode value) throws ExportException {
        if (minify) {
            return value.toString();
        }
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new PermanentExportException("a value could not be written as JSON: " + e.getOriginalMessage());
        }
    }

    private byte[] headerLine() {
        StringBuilder saved = new StringBuilder(row);
        row.setLength(0);
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                row.append(separator);
            }
            cell(names.get(i));
        }
        row.append("\r\n");
        byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
        row.setLength(0);
        row.append(saved);
        return bytes;
    }

    /**
     * A spreadsheet runs a cell that begins with {@code = + - @} (or a tab or return) as a formula:
     * event text (any channel token may post events) must not. Such a cell gets a leading {@code '}
     * (OWASP's advice); numbers, negative ones included, stay numbers.
     */
    private String safe(String text) {
        if (!neutralizeFormulas
                || text.isEmpty()
                || "=+-@\t\r".indexOf(text.charAt(0)) < 0
                || NUMBER.matcher(text).matches()) {
            return text;
        }
        return "'" + text;
    }

    private void cell(String raw) {
        String text = safe(raw);
        boolean quote = text.indexOf(separator) >= 0
                || text.indexOf('"') >= 0
                || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        if (!quote) {
            row.append(text);
            return;
        }
        row.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                row.append('"');
            }
            row.append(c);
        }
        row.append('"');
    }
}
