/**
 * One vocabulary for every file a user writes: where former key names ({@code cooldown_ms},
 * {@code bootstrap}, flat TLS keys) are still read, with a warning naming the key to write now.
 */
package io.evex.runtime.vocabulary;
