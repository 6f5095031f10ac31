package io.evex.runtime.api;

import io.evex.runtime.http.ApiException;
import io.javalin.http.Context;

/** Query parameters read with precise refusals: which parameter, what was given, what is allowed. */
final class Params {

    private Params() {}

    /** An integer in [min, max], or {@code fallback} when absent. */
    /** A comma-separated parameter ({@code ?channel=a,b}, or given twice) as a set; empty when absent. */
    static java.util.Set<String> list(Context ctx, String name) {
        java.util.Set<String> values = new java.util.LinkedHashSet<>();
        for (String v : ctx.queryParams(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    static long number(Context ctx, String name, long fallback, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a whole number, not '" + v + "'");
        }
        if (n < min || n > max) {
            throw ApiException.badRequest(name, name + " must be " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    /** An optional integer in [min, max]: null when absent. */
    static Integer optional(Context ctx, String name, int min, int max) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? null : (int) number(ctx, name, 0, min, max);
    }

    /** A rate in frames per second, in (0, max], or {@code fallback}. */
    static double rate(Context ctx, String name, double fallback, double max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        double r;
        try {
            r = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a number of frames per second, not '" + v + "'");
        }
        if (!(r > 0 && r <= max)) {
            throw ApiException.badRequest(name, name + " must be above 0 and at most " + max + ", not " + v);
        }
        return r;
    }

    static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equals("false") || v.equals("0")) {
            return false;
        }
        if (v.equals("true") || v.equals("1")) {
            return true;
        }
        throw ApiException.badRequest(name, name + " must be true or false, not '" + v + "'");
    }

    /** A time range {@code from}..{@code to} in epoch milliseconds, at most {@code maxMillis} long. */
    static long[] range(Context ctx, long defaultFrom, long defaultTo, long maxMillis) {
        long from = number(ctx, "from", defaultFrom, 0, Long.MAX_VALUE);
        long to = number(ctx, "to", defaultTo, 0, Long.MAX_VALUE);
        if (to < from) {
            throw ApiException.badRequest("to", "to (" + to + ") is before from (" + from + ")");
        }
        if (to - from > maxMillis) {
            throw ApiException.badRequest("to", "the range is " + (to - from) + " ms; at most " + maxMillis + " ms");
        }
        return new long[] {from, to};
    }
}
