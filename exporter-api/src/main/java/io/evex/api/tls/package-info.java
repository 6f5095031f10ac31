/** The one {@code tls} block every client and server of Evex reads, and the TLS contexts made from it. */
package io.evex.api.tls;
