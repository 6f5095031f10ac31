/**
 * The runtime's HTTP server on Javalin (Jetty 12): authentication and tokens, directories
 * published by exporters (HLS playlists and segments), the status document and errors as JSON.
 */
package io.evex.runtime.http;
