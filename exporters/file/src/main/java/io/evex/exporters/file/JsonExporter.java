package io.evex.exporters.file;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.Template;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes events as JSON. Minified and appending (the default) it writes the event's shared bytes
 * and a newline: no serialisation of its own, so its cost is a buffered copy.
 */
final class JsonExporter implements Exporter {

    private static final ObjectWriter PRETTY = new ObjectMapper()
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
            .writerWithDefaultPrettyPrinter();

    private Template path;
    private String constantPath;
    private boolean minify;
    private boolean append;
    private OutputFiles files;

    @Override
    public void start(ExporterContext context) {
        path = context.pathTemplate(context.settings().getString("path"));
        constantPath = path.isConstant() ? path.pattern() : null;
        minify = context.settings().getBoolean("minify");
        append = context.settings().getBoolean("append");
        files = new OutputFiles(context.workingDirectory(), context.settings().getInt("max_open_files"));
    }

    @Override
    public void deliver(Event event) throws ExportException {
        String target = constantPath != null ? constantPath : path.render(event);
        try {
            if (append) {
                OutputFiles.Output out = files.append(target);
                write(out.stream, event);
                out.stream.write('\n');
            } else {
                files.writeWhole(target, minify ? event.bytes() : PRETTY.writeValueAsBytes(event.json()));
            }
        } catch (IOException e) {
            throw OutputFiles.failure("cannot write " + target, e);
        }
    }

    private void write(OutputStream out, Event event) throws IOException {
        if (minify) {
            out.write(event.bytes());
        } else {
            PRETTY.writeValue(out, event.json());
        }
    }

    @Override
    public void flush() throws ExportException {
        files.flush();
    }

    @Override
    public void stop() {
        if (files != null) {
            files.close();
        }
    }
}
