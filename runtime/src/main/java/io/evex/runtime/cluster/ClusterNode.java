package io.evex.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.runtime.channel.Channel;
import io.evex.runtime.channel.ChannelSettings;
import io.evex.runtime.channel.RunningChannels;
import io.evex.schemas.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This runtime as one node of a cluster. Its consumer joins the group on the channel topic with a
 * static id; Kafka assigns it partitions, and the node runs the channels whose latest definition is
 * in them: on assignment it reads its partitions from the beginning and starts those channels; a
 * new definition restarts a channel, a tombstone stops it; on revocation (another node joined, or
 * this one leaves) it stops them, flushing their outputs. Every {@value #HEARTBEAT_MS} ms it
 * publishes its status (node, channels, load) to the node topic. A node that stops leaves the group
 * at once (its channels move immediately); one that dies keeps them for the session time-out.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long HEARTBEAT_MS = 2_000;

    private final RunningChannels runningChannels;
    private final ClusterSettings settings;
    private final Definitions loader;

    /** Reads a channel's definition as the configuration does (the command line passes its loader's). */
    @FunctionalInterface
    public interface Definitions {
        ChannelSettings channel(JsonNode entry, String source) throws ProblemException;
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> status;
    private final Map<String, TopicPartition> owned = new HashMap<>();
    private final Map<String, String> definitions = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Records of the channel topic that are not a channel: skipped, counted, said once each. */
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param running the node's running channels, which this node starts and stops as Kafka
     *     assigns and revokes them
     */
    public ClusterNode(RunningChannels running, ClusterSettings settings, Definitions loader) {
        this.runningChannels = running;
        this.settings = settings;
        this.loader = loader;
        ClusterTopics.ensure(settings);
        Properties c = settings.client();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.node());
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(settings.sessionTimeoutMs()));
        c.put(
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Integer.toString(Math.max(500, settings.sessionTimeoutMs() / 5)));
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties p = settings.client();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        status = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        thread = new Thread(this::run, "evex-cluster");
        thread.setDaemon(true);
    }

    public ClusterNode start() {
        thread.start();
        LOG.info("node '{}' joins cluster '{}' at {}", settings.node(), settings.group(), settings.servers());
        return this;
    }

    /** Channels this node runs now. */
    public List<String> channels() {
        synchronized (owned) {
            return List.copyOf(owned.keySet());
        }
    }

    private void run() {
        consumer.subscribe(List.of(settings.channelsTopic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                consumer.seekToBeginning(parts); // the latest definition of every key in them
                LOG.info("node '{}' now owns partitions {}", settings.node(), numbers(parts));
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                release(parts);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> parts) {
                release(parts);
            }
        });
        long nextHeartbeat = 0;
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    try {
                        apply(r);
                    } catch (RuntimeException e) {
                        // Whoever can write the topic must not be able to take this node out of the group.
                        skip(r, e.getMessage());
                    }
                }
                if (System.currentTimeMillis() >= nextHeartbeat) {
                    heartbeat(false);
                    nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_MS;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("node '{}' left the cluster: {}", settings.node(), e.getMessage());
        } finally {
            release(List.copyOf(owned.values()));
            heartbeat(true);
            // Leave the group now, static member or not: the channels move at once instead of after the session
            // time-out.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
            status.close(Duration.ofSeconds(5));
        }
    }

    private static List<Integer> numbers(Collection<TopicPartition> parts) {
        return parts.stream().map(TopicPartition::partition).sorted().toList();
    }

    private void skip(ConsumerRecord<byte[], byte[]> r, String why) {
        skipped.incrementAndGet();
        LOG.error("{} partition {} offset {} is not a channel, skipped: {}", r.topic(), r.partition(), r.offset(), why);
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            skip(r, "it has no key (the key is the channel's name)");
            return;
        }
        String name = new String(r.key(), StandardCharsets.UTF_8);
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.value() == null) {
            stop(name);
            definitions.remove(name);
            return;
        }
        String definition = new String(r.value(), StandardCharsets.UTF_8);
        if (definition.equals(definitions.get(name)) && owned.containsKey(name)) {
            return; // the same again (read once more after an assignment)
        }
        ChannelSettings channel;
        try {
            JsonNode entry = JSON.readTree(r.value());
            channel = loader.channel(entry, settings.channelsTopic() + "[" + name + "]");
        } catch (ProblemException e) {
            skip(r, "channel '" + name + "' is not valid: " + e.getMessage());
            return;
        } catch (java.io.IOException e) {
            skip(r, "channel '" + name + "' is not JSON: " + e.getMessage());
            return;
        }
        if (!channel.name().equals(name)) {
            skip(r, "its key '" + name + "' names channel '" + channel.name() + "'");
            return;
        }
        stop(name);
        runningChannels.start(channel);
        synchronized (owned) {
            owned.put(name, tp);
        }
        definitions.put(name, definition);
        LOG.info("node '{}' runs channel '{}'", settings.node(), name);
    }

    private void release(Collection<TopicPartition> parts) {
        List<String> gone;
        synchronized (owned) {
            gone = owned.entrySet().stream()
                    .filter(e -> parts.contains(e.getValue()))
                    .map(Map.Entry::getKey)
                    .toList();
        }
        gone.forEach(this::stop);
    }

    private void stop(String name) {
        boolean had;
        synchronized (owned) {
            had = owned.remove(name) != null;
        }
        if (had) {
            runningChannels.stop(name, 10_000); // flushes and closes its outputs
            LOG.info("node '{}' no longer runs channel '{}'", settings.node(), name);
        }
    }

    private void heartbeat(boolean leaving) {
        ObjectNode s = JSON.createObjectNode();
        s.put("node", settings.node())
                .put("updated_ms", System.currentTimeMillis())
                .put("state", leaving ? "left" : "up")
                .put("skipped_records", skipped.get());
        var list = s.putArray("channels");
        channels().stream().sorted().forEach(list::add);
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        s.put("load", Math.round(os.getSystemLoadAverage() * 100) / 100.0);
        s.put(
                "frames",
                runningChannels.list().stream()
                        .mapToLong(Channel::framesDecoded)
                        .sum());
        try {
            status.send(new ProducerRecord<>(
                    settings.nodesTopic(),
                    settings.node().getBytes(StandardCharsets.UTF_8),
                    JSON.writeValueAsBytes(s)));
        } catch (Exception e) {
            LOG.debug("node status not sent: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
