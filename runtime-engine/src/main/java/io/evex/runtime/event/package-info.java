/**
 * The event model: the envelope every event carries, builders for each type's body, and
 * {@link io.evex.runtime.event.EventSink}, where producers hand the events they make.
 */
package io.evex.runtime.event;
