/**
 * The in-process event bus. {@link io.evex.runtime.bus.EventBus#publish} routes an event to every
 * exporter subscribed to its type; each exporter has its own bounded queue and thread
 * ({@link io.evex.runtime.bus.ExporterWorker}), so a slow or failing exporter only ever fills its
 * own queue. Conversion and serialisation happen lazily and once per (event, version): every
 * exporter on that version shares the same {@link io.evex.runtime.bus.SharedEvent}.
 */
package io.evex.runtime.bus;
