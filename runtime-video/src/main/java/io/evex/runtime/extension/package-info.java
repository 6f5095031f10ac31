/**
 * AI servers behind the Azure LVA HTTP extension contract: the client stage that sends a channel's
 * frames to one and tracks what it finds, and {@code evex ai-server}, which serves the built-in
 * detector behind the same contract.
 */
package io.evex.runtime.extension;
