package io.evex.api.tls;

import java.io.IOException;
import java.io.InputStream;
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
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS contexts from PEM files, as Mosquitto, NATS and Kafka users keep their certificates. */
public final class PemContexts {

    private PemContexts() {}

    static SSLContext context(Path caFile, Path certFile, Path keyFile, boolean verify)
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
        return context;
    }

    /**
     * A key store (in memory, password {@code password}) holding the PEM certificate chain and its
     * PKCS#8 key, for a server's TLS.
     */
    public static java.security.KeyStore keyStore(Path certFile, Path keyFile, char[] password)
            throws IOException, GeneralSecurityException {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
                "evex", privateKey(keyFile), password, certificates(certFile).toArray(new Certificate[0]));
        return ks;
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

    /** Accepts any server certificate: only with {@code verify_host: false}. */
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
