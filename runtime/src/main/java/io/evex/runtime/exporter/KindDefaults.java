package io.evex.runtime.exporter;

import io.evex.runtime.bus.QueueSettings;
import io.evex.runtime.bus.RetryPolicy;

/**
 * Implemented by exporter kinds that bring their own queue and retry defaults (a descriptor's
 * {@code queue} and {@code restart} sections); the configuration can still override both.
 */
public interface KindDefaults {

    QueueSettings queue();

    RetryPolicy retry();
}
