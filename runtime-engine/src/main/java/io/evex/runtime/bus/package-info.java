/**
 * The in-process event bus. {@link io.evex.runtime.bus.EventBus#publish} routes an event to every
 * exporter subscribed to its type, each through its own queue and thread
 * ({@link io.evex.runtime.bus.delivery.ExporterWorker}), so a slow or failing exporter only ever
 * fills its own queue. Conversion and serialisation happen lazily and once per (event, version):
 * every exporter on that version shares the same {@link io.evex.runtime.bus.SharedEvent}.
 *
 * <p>Sub-packages, each depending only on the ones after it: {@code delivery} (the worker loop,
 * retries, states) and {@code queue} (memory and spooling queues).
 */
package io.evex.runtime.bus;
