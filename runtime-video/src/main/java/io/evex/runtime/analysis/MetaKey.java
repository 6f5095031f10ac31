package io.evex.runtime.analysis;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The name and type of one kind of {@link FrameMeta} (as Netty's {@code AttributeKey}): declared
 * once, as a constant beside the type it carries, by the stage that writes it.
 *
 * @param <T> what a frame carries under this key
 */
public final class MetaKey<T> {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String name;
    final int index;

    private MetaKey(String name) {
        this.name = name;
        this.index = NEXT.getAndIncrement();
    }

    /** A new key; two calls with one name are two keys. */
    public static <T> MetaKey<T> of(String name) {
        return new MetaKey<>(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
