/** Benchmarks: plain mains with warm-up and repeated runs, each result next to a bare baseline from the same run. */
package io.evex.bench;
