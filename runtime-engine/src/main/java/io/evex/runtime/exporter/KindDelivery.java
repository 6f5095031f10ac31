package io.evex.runtime.exporter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evex.api.ExporterFactory;
import io.evex.api.delivery.DeliveryDefaults;
import io.evex.runtime.bus.delivery.RetrySettings;
import io.evex.runtime.bus.queue.QueueSettings;
import java.util.Map;

/**
 * The queue and retry an exporter kind asks for, over the runtime's defaults: its typed
 * {@link DeliveryDefaults}, and for what those leave unset the deprecated map forms of API 0.2.
 */
record KindDelivery(QueueSettings queue, RetrySettings retry) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @throws IllegalArgumentException when the kind's defaults are invalid */
    @SuppressWarnings("deprecation") // reads the 0.2 maps for plugins built against them
    static KindDelivery of(ExporterFactory factory) {
        Map<String, Object> queueMap = factory.defaultQueue();
        Map<String, Object> retryMap = factory.defaultRetry();
        QueueSettings queue = queueMap.isEmpty()
                ? QueueSettings.DEFAULT
                : QueueSettings.read(MAPPER.valueToTree(queueMap), QueueSettings.DEFAULT);
        RetrySettings retry = retryMap.isEmpty()
                ? RetrySettings.DEFAULT
                : RetrySettings.read(MAPPER.valueToTree(retryMap), RetrySettings.DEFAULT);
        DeliveryDefaults typed = factory.deliveryDefaults();
        if (typed.queueSize().isPresent()) {
            queue = queue.withSize(typed.queueSize().getAsInt());
        }
        if (typed.overflow().isPresent()) {
            queue = queue.withOverflow(typed.overflow().get());
        }
        if (typed.durable().isPresent()) {
            queue = queue.withDurable(typed.durable().get());
        }
        retry = new RetrySettings(
                typed.retry().orElse(retry.backoff()), typed.maxAttempts().orElse(retry.maxAttempts()));
        return new KindDelivery(queue, retry);
    }
}
