package io.evex.exporters.file;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.ExporterContext;
import io.evex.api.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes each event as one line of text made from the {@code format} template. */
final class TxtExporter extends FileExporter {

    private Template format;

    @Override
    public void start(ExporterContext context) {
        format = context.template(context.settings().getString("format"));
        startFiles(context);
    }

    @Override
    public void deliver(Event event) throws ExportException {
        String target = target(event);
        // A line break inside a value would split one event over two lines: it becomes a space.
        String text = format.render(event).replace('\r', ' ').replace('\n', ' ');
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (append) {
                files.append(target).stream.write(line);
            } else {
                files.writeWhole(target, line);
            }
        } catch (IOException e) {
            throw OutputFiles.failure("cannot write " + target, e);
        }
    }
}
