package io.evex.exporters.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Socket factories for Paho: TCP_NODELAY on (Paho never sets it, and Nagle's algorithm delays
 * every QoS 1 acknowledgement round trip), and TLS from PEM files as Mosquitto users have them.
 */
final class Sockets {

    private Sockets() {}

    /** Plain TCP with TCP_NODELAY. */
    static SocketFactory tcp() {
        return new NoDelay(SocketFactory.getDefault());
    }

    /**
     * TLS: trust {@code caFile} (or the JDK's trust store when null), present {@code certFile} +
     * {@code keyFile} (PKCS#8 PEM) when given; {@code verify = false} trusts any server (testing only).
     */
    static SocketFactory tls(Path caFile, Path certFile, Path keyFile, boolean verify)
            throws IOException, GeneralSecurityException {
        TrustManager[] trust;
        if (!verify) {
            trust = new TrustManager[] {new TrustAll()};
        } else if (caFile != null) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates(caFile)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            trust = tmf.getTrustManagers();
        } else {
            trust = null;
        }
        KeyManagerFactory kmf = null;
        if (certFile != null && keyFile != null) {
            KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
            identity.load(null, null);
            List<Certificate> chain = certificates(certFile);
            identity.setKeyEntry("client", privateKey(keyFile), new char[0], chain.toArray(new Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
        return new TlsNoDelay(context.getSocketFactory());
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<Certificate> list =
                    new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (list.isEmpty()) {
                throw new GeneralSecurityException(pem + " holds no certificate");
            }
            return list;
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        if (!text.contains("BEGIN PRIVATE KEY")) {
            throw new GeneralSecurityException(
                    pem + " must be a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        String base64 = text.replaceAll("(?s).*-----BEGIN PRIVATE KEY-----|-----END PRIVATE KEY-----.*|\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new GeneralSecurityException(pem + ": not an RSA, EC or Ed25519 key");
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

    /** Accepts any server certificate: only with tls_verify=false. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
