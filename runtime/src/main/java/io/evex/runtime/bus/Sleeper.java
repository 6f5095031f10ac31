package io.evex.runtime.bus;

/** Waits; injected so that retry tests never really sleep. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = Thread::sleep;

    void sleep(long millis) throws InterruptedException;
}
