package io.evex.runtime.template;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** Turns a C/Python strftime format (as CVEDIA-RT's {@code {sys.time %H%M%S}} uses) into a formatter. */
final class Strftime {

    private Strftime() {}

    static DateTimeFormatter toFormatter(String format) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                b.appendLiteral(c);
                continue;
            }
            if (++i == format.length()) {
                throw new IllegalArgumentException("time format '" + format + "' ends with a lone '%'");
            }
            char d = format.charAt(i);
            switch (d) {
                case 'Y' -> b.appendValue(ChronoField.YEAR, 4);
                case 'y' -> b.appendPattern("yy");
                case 'm' -> b.appendPattern("MM");
                case 'd' -> b.appendPattern("dd");
                case 'H' -> b.appendPattern("HH");
                case 'I' -> b.appendPattern("hh");
                case 'M' -> b.appendPattern("mm");
                case 'S' -> b.appendPattern("ss");
                case 'f' -> b.appendValue(ChronoField.MICRO_OF_SECOND, 6);
                case 'j' -> b.appendPattern("DDD");
                case 'p' -> b.appendPattern("a");
                case 'a' -> b.appendPattern("EEE");
                case 'A' -> b.appendPattern("EEEE");
                case 'b' -> b.appendPattern("MMM");
                case 'B' -> b.appendPattern("MMMM");
                case 'z' -> b.appendPattern("xx");
                case 'Z' -> b.appendPattern("zzz");
                case 's' -> b.appendValue(ChronoField.INSTANT_SECONDS);
                case 'F' -> b.appendPattern("yyyy-MM-dd");
                case 'T' -> b.appendPattern("HH:mm:ss");
                case '%' -> b.appendLiteral('%');
                default ->
                    throw new IllegalArgumentException("time format '" + format + "': %" + d
                            + " is not supported (use %Y %y %m %d %H %I %M %S %f %j %p %a %A %b %B %z %Z %s %F %T %%)");
            }
        }
        return b.toFormatter(Locale.ROOT);
    }
}
