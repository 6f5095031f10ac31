package io.evex.exporters.file;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.ExporterContext;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes events as JSON. Minified and appending (the default) it writes the event's shared bytes
 * and a newline: no serialisation of its own, so its cost is a buffered copy.
 */
final class JsonExporter extends FileExporter {

    private static final ObjectWriter PRETTY = new ObjectMapper()
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
            .writerWithDefaultPrettyPrinter();

    private boolean minify;

    @Override
    public void start(ExporterContext context) {
        startFiles(context);
        minify = context.settings().getBoolean("minify");
    }

    @Override
    public void deliver(Event event) throws ExportException {
        String target = target(event);
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
}
