/**
 * Channels: a {@link io.evex.runtime.channel.Channel} reads its source (reconnecting as needed),
 * runs its analysis on the frames, keeps them in its cache and feeds its media outputs;
 * {@link io.evex.runtime.channel.RunningChannels} is the one owner of the running channels;
 * {@link io.evex.runtime.channel.ChannelAnalysis} builds a channel's stages from its settings,
 * with the detector backends of {@link io.evex.runtime.channel.DetectorBackends}.
 */
package io.evex.runtime.channel;
