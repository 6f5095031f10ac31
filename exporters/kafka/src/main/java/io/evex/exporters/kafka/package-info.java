/** The {@code kafka} exporter: events as JSON records on Apache Kafka, keyed by channel, losing nothing while the cluster is away. */
package io.evex.exporters.kafka;
