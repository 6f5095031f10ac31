package io.evex.runtime.http;

import io.evex.runtime.state.StateFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate HTTPS uses when none is configured: an EC P-256 key and a self-signed certificate
 * for {@code localhost}, this machine's name and its loopback addresses (and the bound address),
 * made on the first run in {@code <state>/tls/} (owner-only) and kept — so that a client that trusts
 * it once ({@code curl --cacert .evex/tls/cert.pem}) keeps trusting it — until it is within 30 days
 * of its end, when a new one is made (and its new fingerprint printed).
 */
final class SelfSignedCertificate {

    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedCertificate.class);
    private static final Duration VALIDITY = Duration.ofDays(825);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private SelfSignedCertificate() {}

    /** The certificate and key files under {@code stateDir/tls}, made when missing or ending soon. */
    static Path[] ensure(Path stateDir, String bind) throws IOException, GeneralSecurityException {
        Path dir = stateDir.resolve("tls");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        if (Files.isRegularFile(cert) && Files.isRegularFile(key) && !endingSoon(cert)) {
            return new Path[] {cert, key};
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        X509Certificate certificate = sign(pair, bind);
        StateFiles.write(key, pem(pair.getPrivate()));
        StateFiles.write(cert, pem(certificate));
        LOG.info(
                "made a self-signed certificate for HTTPS in {} (valid until {})",
                cert,
                certificate.getNotAfter().toInstant());
        return new Path[] {cert, key};
    }

    private static boolean endingSoon(Path cert) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(cert)) {
            X509Certificate c =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return c.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
        }
    }

    private static X509Certificate sign(KeyPair pair, String bind) throws GeneralSecurityException {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=Evex on " + hostName());
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(1, serial),
                Date.from(now.minus(Duration.ofHours(1))), // clocks a little behind still accept it
                Date.from(now.plus(VALIDITY)),
                name,
                pair.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(bind)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** localhost, this machine's name, 127.0.0.1, ::1 and the bound address when it is a specific one. */
    private static GeneralName[] names(String bind) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost", hostName()));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        if (bind != null && !bind.equals("0.0.0.0") && !bind.equals("::")) {
            (bind.matches("[0-9.]+|.*:.*") ? ips : dns).add(bind);
        }
        List<GeneralName> all = new ArrayList<>();
        dns.forEach(d -> all.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(i -> all.add(new GeneralName(GeneralName.iPAddress, i)));
        return all.toArray(new GeneralName[0]);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static byte[] pem(Object o) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            w.writeObject(
                    o instanceof java.security.PrivateKey k
                            ? new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", k.getEncoded())
                            : o);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
