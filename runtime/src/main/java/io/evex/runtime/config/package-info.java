/** The runtime configuration: one YAML or JSON file, validated against {@code config.schema.json}, plus command-line additions. */
package io.evex.runtime.config;
