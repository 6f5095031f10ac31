package io.evex.exporters.mqtt;

import io.evex.api.tls.TlsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories for Paho: TCP_NODELAY on (Paho never sets it, and Nagle's algorithm delays
 * every QoS 1 acknowledgement round trip), also over TLS.
 */
final class Sockets {

    private Sockets() {}

    /** Plain TCP with TCP_NODELAY. */
    static SocketFactory tcp() {
        return new NoDelay(SocketFactory.getDefault());
    }

    /** TLS as the {@code tls} block says, with TCP_NODELAY. */
    static SocketFactory tls(TlsSettings tls) throws IOException, GeneralSecurityException {
        return new TlsNoDelay(tls.context().getSocketFactory());
    }

    /** Wraps a factory so that every socket it makes has TCP_NODELAY. */
    private static final class NoDelay extends SocketFactory {
        private final SocketFactory inner;

        NoDelay(SocketFactory inner) {
            this.inner = inner;
        }

        static Socket tune(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public Socket createSocket() throws IOException {
            return tune(inner.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return tune(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return tune(inner.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return tune(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return tune(inner.createSocket(host, port, local, localPort));
        }
    }

    /** The same for TLS: Paho wants an {@link SSLSocketFactory} for {@code ssl://}. */
    private static final class TlsNoDelay extends SSLSocketFactory {
        private final SSLSocketFactory inner;
        private final NoDelay plain;

        TlsNoDelay(SSLSocketFactory inner) {
            this.inner = inner;
            this.plain = new NoDelay(inner);
        }

        @Override
        public Socket createSocket() throws IOException {
            return plain.createSocket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return plain.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return plain.createSocket(host, port, local, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return plain.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return plain.createSocket(host, port, local, localPort);
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return NoDelay.tune(inner.createSocket(s, host, port, autoClose));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return inner.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }
    }
}
