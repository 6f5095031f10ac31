/** CVEDIA-RT-style dynamic strings: {@code {obj.a.b}}, {@code {sys.time %H%M}}, {@code {sys.count}}, {@code {settings.x}}. */
package io.evex.runtime.template;
