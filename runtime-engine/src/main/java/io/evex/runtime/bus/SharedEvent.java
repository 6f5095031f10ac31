package io.evex.runtime.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.event.EnvelopeEvent;
import io.evex.schemas.convert.Converters;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One event in one schema version, shared by every exporter that negotiated that version.
 *
 * <p>The published event is the <em>origin</em>; a view in another version converts from it on
 * first use. Bytes are serialised on first use, by the first exporter thread that asks, while
 * the others wait for it. Both are computed at most once and then read without locking, so the
 * cost is paid only if some exporter asks.
 */
public final class SharedEvent extends EnvelopeEvent {

    /** Jackson's Schubfach double writer: events are full of coordinates, and the JDK's dtoa was a third of serialising. */
    private static final ObjectWriter WRITER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .build())
            .writer();

    private final SharedEvent origin;
    private final Converters converters;
    private volatile ObjectNode json;
    private volatile byte[] bytes;
    /** 0: not serialised, 1: being serialised, 2: done (bytes set, or failure set). */
    private volatile int serialising;

    private volatile IllegalStateException failure;

    private static final VarHandle SERIALISING;
    /** About 10 µs of busy-waiting (less than a serialisation) before giving the core away. */
    private static final int SPINS_BEFORE_YIELD = 200;

    static {
        try {
            SERIALISING = MethodHandles.lookup().findVarHandle(SharedEvent.class, "serialising", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The published event itself. */
    public SharedEvent(ObjectNode json, String type, int version) {
        super(
                type,
                version,
                json.path("event_id").asText(),
                json.path("channel").asText());
        this.json = json;
        this.origin = null;
        this.converters = null;
    }

    /** A view of {@code origin} in another version, converted when first needed. */
    SharedEvent(SharedEvent origin, int version, Converters converters) {
        super(origin.type(), version, origin.eventId(), origin.channel());
        this.origin = origin;
        this.converters = converters;
    }

    @Override
    public ObjectNode json() {
        ObjectNode j = json;
        if (j == null) {
            synchronized (this) {
                j = json;
                if (j == null) {
                    j = converters.convert(origin.json(), type(), origin.version(), version());
                    json = j;
                }
            }
        }
        return j;
    }

    @Override
    public byte[] bytes() {
        byte[] b = bytes;
        if (b != null) {
            return b;
        }
        if (SERIALISING.compareAndSet(this, 0, 1)) {
            try {
                b = WRITER.writeValueAsBytes(json());
            } catch (JsonProcessingException | RuntimeException e) {
                failure = new IllegalStateException("an event tree could not be serialised", e);
                throw failure;
            } finally {
                bytes = b;
                serialising = 2; // publishes the result (or the failure) to the waiting threads
            }
            return b;
        }
        // Another exporter's thread is serialising this event right now. Exporters of one version
        // usually run in step, so this is common: yielding costs far less than blocking on a
        // monitor, which parks and wakes threads through the kernel for every event.
        for (int spins = 0; serialising != 2; spins++) {
            if (spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        if (failure != null) {
            throw failure;
        }
        return bytes;
    }

    @Override
    public String toString() {
        return type() + ":" + version() + " " + eventId();
    }
}
