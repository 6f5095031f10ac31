package io.evex.runtime.cluster;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Makes the cluster's two compacted topics when they are missing. */
final class ClusterTopics {

    private ClusterTopics() {}

    static void ensure(ClusterSettings s) {
        Properties p = s.client();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            Map<String, String> compacted = Map.of("cleanup.policy", "compact");
            for (NewTopic t : List.of(
                    new NewTopic(s.channelsTopic(), s.partitions(), (short) -1).configs(compacted),
                    new NewTopic(s.nodesTopic(), 1, (short) -1).configs(compacted))) {
                if (existing.contains(t.name())) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(t)).all().get(15, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + s.servers() + " cannot make the cluster's topics: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the cluster's topics");
        }
    }
}
