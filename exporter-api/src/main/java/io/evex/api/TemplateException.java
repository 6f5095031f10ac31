package io.evex.api;

/** A dynamic string could not be rendered for an event, e.g. a property it names is missing. */
public class TemplateException extends PermanentExportException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
