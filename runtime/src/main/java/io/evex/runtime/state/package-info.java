/** The runtime's own files under {@code .evex/} (tokens, groups, status, overrides), written whole or not at all. */
package io.evex.runtime.state;
