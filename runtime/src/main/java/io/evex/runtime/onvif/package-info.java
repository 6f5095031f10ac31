/**
 * Evex as an ONVIF device (Profiles S and M) on the runtime's HTTP server: the device, media
 * (Media and Media2) and event services in SOAP 1.2, each channel a profile whose stream is the
 * {@code rtsp} exporter's, and rule events through pull-point subscriptions.
 */
package io.evex.runtime.onvif;
