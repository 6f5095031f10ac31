package io.evex.bench.drill;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its start on a thread of its own and counts every event by id. */
public final class KafkaCounter implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;

    public KafkaCounter(String bootstrap, String topic, Consumer<String> ids) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "evex-drill-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName());
        thread = new Thread(
                () -> {
                    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
                        consumer.subscribe(List.of(topic));
                        while (running) {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                                ids.accept(r.value());
                            }
                        }
                    }
                },
                "drill-kafka-counter");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
