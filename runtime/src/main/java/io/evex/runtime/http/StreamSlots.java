package io.evex.runtime.http;

import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests that hold a server thread while they last — MJPEG previews, event streams, long
 * polls — counted per token and in all ({@code http.limits.streams_per_token}, {@code streams}), so
 * that one token cannot take every thread: past its share a request gets 429, past the total 503,
 * both with {@code Retry-After}.
 */
public final class StreamSlots {

    /** One stream's place; give it back when the stream ends. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final int perToken;
    private final int total;
    private final AtomicInteger inUse = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byToken = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();

    public StreamSlots(HttpLimits limits) {
        this.perToken = limits.streamsPerToken();
        this.total = limits.streams();
    }

    /** A place for the request's stream, or 429/503. */
    public Slot take(Context ctx) {
        String token = Auth.token(ctx);
        String key = token != null ? token : "address " + ctx.ip(); // an open server: per client
        if (byToken.merge(key, 1, Integer::sum) > perToken) {
            release(key);
            refused.incrementAndGet();
            throw ApiException.busy(
                    429,
                    "too_many_streams",
                    "this token holds " + perToken + " streams already (previews, event streams, long polls;"
                            + " http.limits.streams_per_token): close one first",
                    5);
        }
        if (inUse.incrementAndGet() > total) {
            inUse.decrementAndGet();
            release(key);
            refused.incrementAndGet();
            throw ApiException.busy(
                    503,
                    "server_busy",
                    "the server holds " + total + " streams already (http.limits.streams); try again shortly",
                    5);
        }
        boolean[] closed = {false};
        return () -> {
            synchronized (closed) {
                if (closed[0]) {
                    return;
                }
                closed[0] = true;
            }
            inUse.decrementAndGet();
            release(key);
        };
    }

    private void release(String key) {
        byToken.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1); // an idle token keeps no entry
    }

    /** Streams held now. */
    public int inUse() {
        return inUse.get();
    }

    /** Streams refused so far for a limit. */
    public long refused() {
        return refused.get();
    }
}
