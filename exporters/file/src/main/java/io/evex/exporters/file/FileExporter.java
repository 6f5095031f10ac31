package io.evex.exporters.file;

import io.evex.api.Event;
import io.evex.api.ExportException;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.Template;

/**
 * What the file exporters share: the (dynamic) {@code path} setting, the {@code append} choice,
 * the open files, flush and stop.
 */
abstract class FileExporter implements Exporter {

    protected OutputFiles files;
    protected boolean append;
    private Template path;
    private String constantPath;

    /** Reads the shared settings; subclasses call it from {@link #start}. */
    protected void startFiles(ExporterContext context) {
        path = context.pathTemplate(context.settings().getString("path"));
        constantPath = path.isConstant() ? path.pattern() : null;
        append = context.settings().getBoolean("append");
        files = new OutputFiles(context.workingDirectory(), context.settings().getInt("max_open_files"));
    }

    /** The file this event goes to. */
    protected String target(Event event) throws ExportException {
        return constantPath != null ? constantPath : path.render(event);
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
