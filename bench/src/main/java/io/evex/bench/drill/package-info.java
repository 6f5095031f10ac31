/**
 * The parts the drills share: a broker and an Evex of their own as child processes (started,
 * restarted, killed), and subscribers that count events by id.
 */
package io.evex.bench.drill;
