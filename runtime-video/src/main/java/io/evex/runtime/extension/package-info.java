/**
 * The Azure LVA HTTP extension contract, in one place: its settings, the body of its answers
 * ({@link io.evex.runtime.extension.Inferences}) and the client that sends a channel's frames to
 * an AI server as a detector backend. {@code evex ai-server} ({@code io.evex.runtime.aiserver})
 * serves the built-in detector behind the same contract.
 */
package io.evex.runtime.extension;
