package io.evex.api;

/**
 * A compiled dynamic string. Tags, as in CVEDIA-RT:
 * <ul>
 *   <li>{@code {obj.a.b}}: a property of the event; {@code {obj.a.b|fallback}} uses
 *       {@code fallback} when the property is missing;</li>
 *   <li>{@code {sys.time}} or {@code {sys.time %Y%m%d}}: the current time, strftime-formatted;</li>
 *   <li>{@code {sys.count}} or {@code {sys.count label}}: a counter per label, starting at 1;</li>
 *   <li>{@code {settings.key}}: a setting of the exporter.</li>
 * </ul>
 * {@code {{} and {@code }}} stand for literal braces.
 */
public interface Template {

    /**
     * Renders the template for one event.
     *
     * @throws TemplateException when the event lacks a property the template needs and no
     *     fallback is given
     */
    String render(Event event) throws TemplateException;

    /** True when the result never depends on the event or the time (it can be rendered once). */
    boolean isConstant();

    /** The pattern this template was compiled from. */
    String pattern();
}
