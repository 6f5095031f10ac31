/** Converters between schema versions of one event type, and the search for a chain of them. */
package io.evex.schemas.convert;
