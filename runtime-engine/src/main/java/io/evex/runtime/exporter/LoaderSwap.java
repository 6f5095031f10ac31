package io.evex.runtime.exporter;

/**
 * Runs a block with a plugin's class loader as the thread's context loader, and puts the previous
 * one back however the block ends: {@code try (LoaderSwap swap = LoaderSwap.use(loader)) { … }}
 * (Kafka Connect's habit). Plugin code that looks up resources or services through the context
 * loader then finds its own.
 */
public final class LoaderSwap implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    private LoaderSwap(Thread thread, ClassLoader previous) {
        this.thread = thread;
        this.previous = previous;
    }

    /** Makes {@code loader} the current thread's context loader until {@link #close()}. */
    public static LoaderSwap use(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        LoaderSwap swap = new LoaderSwap(thread, thread.getContextClassLoader());
        thread.setContextClassLoader(loader);
        return swap;
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
