/** The synthetic event source: made-up events of every type, no video (for trying exporters without a camera). */
package io.evex.runtime.source;
