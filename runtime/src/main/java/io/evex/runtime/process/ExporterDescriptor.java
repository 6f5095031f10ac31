package io.evex.runtime.process;

import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import io.evex.runtime.bus.QueueSettings;
import io.evex.runtime.bus.RetryPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code exporter.json}: CVEDIA-RT's five sections (events, command, environment,
 * settings, name) plus what the runtime needs to run the program.
 *
 * @param file the descriptor file
 * @param command arguments, each possibly holding {@code {settings.x}} tags
 * @param restart when the program is started again after it exits
 * @param restartBackoff the back-off between starts (and between delivery retries)
 * @param batchMaxEvents events per message (1 = one event object per message, more = a JSON array)
 * @param batchMaxDelayMs how long a partial batch may wait for more events
 * @param separator the byte ending each message ({@code \0}, or a newline for line-based programs)
 * @param graceMs how long the program may take to exit after its stdin closes before it is killed
 */
public record ExporterDescriptor(Path file, String name, String description, Subscriptions events,
                                 List<String> command, Map<String, String> environment, SettingsSpec settings,
                                 Delivery delivery, Restart restart, RetryPolicy restartBackoff, QueueSettings queue,
                                 int batchMaxEvents, long batchMaxDelayMs, byte separator, long graceMs) {

    /** Whether the program reports what it handled. */
    public enum Delivery { FIRE_AND_FORGET, AT_LEAST_ONCE }

    /** Restart policy. */
    public enum Restart { ALWAYS, ON_FAILURE, NEVER }

    /** The folder the program runs in. */
    public Path directory() {
        return file.toAbsolutePath().getParent();
    }
}
