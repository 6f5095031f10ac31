/**
 * Evex's JSON Schemas at run time: the {@link io.evex.schemas.EventCatalog} of event types and
 * versions, validation with precise {@link io.evex.schemas.Problem}s, location-aware reading of
 * JSON and YAML documents, and the converters between versions of a type.
 */
package io.evex.schemas;
