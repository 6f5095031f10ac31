/**
 * The runtime's HTTP server: directories published by exporters (HLS playlists and segments) and
 * the status document. Built on the JDK's own {@code com.sun.net.httpserver}: static files and a
 * JSON document need no framework.
 */
package io.evex.runtime.http;
