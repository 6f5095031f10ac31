/** Event sources: what publishes events onto the bus. */
package io.evex.runtime.source;
