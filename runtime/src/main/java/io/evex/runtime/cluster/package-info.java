/**
 * Several Evex nodes sharing the channels through Kafka, with no coordinator of our own: channel
 * definitions live in a compacted topic keyed by channel name; which node runs which channel is
 * Kafka's consumer-group assignment of that topic's partitions; nodes publish their status to a
 * second compacted topic.
 */
package io.evex.runtime.cluster;
