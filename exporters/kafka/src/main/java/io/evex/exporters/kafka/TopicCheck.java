package io.evex.exporters.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Tells a topic the cluster does not have from a cluster that cannot be reached: both look the same to
 * a producer (its metadata wait times out). Asked only after such a time-out, it asks the cluster with
 * an admin client made on first use. A topic counts as missing when the cluster, answering, says so
 * twice at least {@link #CONFIRM_MS} apart: a broker that is just starting may not know its topics
 * yet, and must not make an exporter give up on one for good.
 */
final class TopicCheck implements AutoCloseable {

    static final long CONFIRM_MS = 2_000;

    private final Properties clientProperties;
    private final Map<String, Long> firstSaidMissing = new HashMap<>();
    private Admin admin;

    TopicCheck(Properties producerProperties) {
        clientProperties = new Properties();
        for (String key : producerProperties.stringPropertyNames()) {
            if (AdminClientConfig.configNames().contains(key)) {
                clientProperties.put(key, producerProperties.getProperty(key));
            }
        }
    }

    /** Whether {@code topic} is missing for sure; false when the cluster did not answer or has it. */
    boolean missing(String topic) {
        if (!saysMissing(topic)) {
            firstSaidMissing.remove(topic);
            return false;
        }
        long now = System.currentTimeMillis();
        Long first = firstSaidMissing.putIfAbsent(topic, now);
        return first != null && now - first >= CONFIRM_MS;
    }

    private boolean saysMissing(String topic) {
        try {
            if (admin == null) {
                admin = ProducerSettings.inPluginLoader(() -> Admin.create(clientProperties));
            }
            admin.describeTopics(List.of(topic)).allTopicNames().get(1, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            return e.getCause() instanceof UnknownTopicOrPartitionException;
        } catch (TimeoutException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }
}
