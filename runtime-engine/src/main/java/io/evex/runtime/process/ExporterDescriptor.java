package io.evex.runtime.process;

import io.evex.api.SettingsSpec;
import io.evex.api.Subscriptions;
import io.evex.api.delivery.Backoff;
import io.evex.runtime.bus.queue.QueueSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code exporter.json}: CVEDIA-RT's five sections (events, command, environment,
 * settings, name) plus what the runtime needs to run the program.
 *
 * @param file the descriptor file
 * @param name the kind id users type ({@code id}, else the descriptor's {@code name} when it is a
 *     valid id, else the folder's name)
 * @param displayName the descriptor's {@code name} as written ("JSON Exporter")
 * @param command arguments, each possibly holding {@code {settings.x}} tags
 * @param restart when the program is started again after it exits
 * @param restartBackoff the back-off between starts of the program
 * @param queue what the descriptor's {@code queue} sets, over the runtime's default queue
 * @param batchMaxEvents events per message (1 = one event object per message, more = a JSON array)
 * @param batchMaxDelayMs how long a partial batch may wait for more events
 * @param separator the byte ending each message ({@code \0}, or a newline for line-based programs)
 * @param graceMs how long the program may take to exit after its stdin closes before it is killed
 */
public record ExporterDescriptor(
        Path file,
        String name,
        String displayName,
        String description,
        Subscriptions events,
        List<String> command,
        Map<String, String> environment,
        SettingsSpec settings,
        Delivery delivery,
        Restart restart,
        Backoff restartBackoff,
        QueueSettings.Overrides queue,
        int batchMaxEvents,
        long batchMaxDelayMs,
        byte separator,
        long graceMs) {

    /** Whether the program reports what it handled. */
    public enum Delivery {
        FIRE_AND_FORGET,
        AT_LEAST_ONCE
    }

    /** Restart policy. */
    public enum Restart {
        ALWAYS,
        ON_FAILURE,
        NEVER;

        /** The name used in descriptors ({@code on-failure}). */
        public String configName() {
            return name().toLowerCase().replace('_', '-');
        }

        /** The policy for a descriptor's name. */
        public static Restart fromConfig(String name) {
            for (Restart r : values()) {
                if (r.configName().equals(name)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown restart policy '" + name + "' (always, on-failure, never)");
        }

        @Override
        public String toString() {
            return configName();
        }
    }

    /** The folder the program runs in. */
    public Path directory() {
        return file.toAbsolutePath().getParent();
    }
}
