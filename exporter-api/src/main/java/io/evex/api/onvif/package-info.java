/**
 * ONVIF's vocabulary for Evex's events, shared by the runtime's event service and the RTSP
 * server's metadata track: the topics, tokens and {@code tt:Message} of each rule event.
 */
package io.evex.api.onvif;
