package io.evex.api.kafka;

import io.evex.api.Setting;
import io.evex.api.Settings;
import io.evex.api.SettingsException;
import io.evex.api.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a Kafka client signs in, in the names every Evex Kafka client uses (the {@code kafka} exporter
 * and cluster mode): the {@code tls} block, {@code sasl_mechanism} ({@code none}, {@code PLAIN},
 * {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}) with {@code username_env} and {@code password_env}
 * naming the variables that hold the credentials. Made into the client's own properties (no Kafka
 * class needed here): {@code security.protocol}, {@code sasl.*} and Kafka's PEM {@code ssl.*}.
 */
public final class KafkaSecurity {

    /** The SASL settings, declared once (the TLS ones are {@link TlsSettings#SETTINGS}). */
    public static final List<Setting> SASL_SETTINGS = List.of(
            Setting.combobox(
                            "sasl_mechanism",
                            "SASL mechanism",
                            "none",
                            List.of("none", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"))
                    .withHelp("none: no SASL; else username_env and password_env name the credentials' variables"),
            Setting.text("username_env", "User name variable", "")
                    .withHelp("The environment variable holding the SASL user name"),
            Setting.text("password_env", "Password variable", "")
                    .withHelp("The environment variable holding the SASL password"));

    private KafkaSecurity() {}

    /**
     * The client properties for {@code s} (which declares {@link TlsSettings#SETTINGS} and {@link
     * #SASL_SETTINGS}).
     *
     * @param env reads a variable ({@code System::getenv})
     * @throws IllegalArgumentException naming the setting and what is wrong (a variable unset, a
     *     certificate unreadable)
     */
    public static Map<String, String> properties(Settings s, Path workDir, Function<String, String> env) {
        TlsSettings tls;
        try {
            tls = TlsSettings.from(s, workDir);
        } catch (SettingsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, String> p = new LinkedHashMap<>();
        String mechanism = s.getString("sasl_mechanism");
        boolean sasl = !mechanism.equals("none");
        p.put("security.protocol", (sasl ? "SASL_" : "") + (tls.enabled() ? "SSL" : "PLAINTEXT"));
        if (sasl) {
            String user = variable(s, "username_env", env);
            String password = variable(s, "password_env", env);
            String module = mechanism.equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put("sasl.mechanism", mechanism);
            p.put(
                    "sasl.jaas.config",
                    module + " required username=\"" + quote(user) + "\" password=\"" + quote(password) + "\";");
        }
        if (tls.enabled()) {
            tls(p, tls);
        }
        return p;
    }

    /** Kafka's own PEM support: the CAs by file, the client's certificate and key by content. */
    private static void tls(Map<String, String> p, TlsSettings tls) {
        if (tls.caFile() != null) {
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", tls.caFile().toString());
        }
        if (tls.certFile() != null && tls.keyFile() != null) {
            try {
                p.put("ssl.keystore.type", "PEM");
                p.put("ssl.keystore.certificate.chain", Files.readString(tls.certFile()));
                p.put("ssl.keystore.key", Files.readString(tls.keyFile()));
            } catch (IOException e) {
                throw new IllegalArgumentException("tls: cannot read the client certificate: " + e.getMessage(), e);
            }
        }
        if (!tls.verifyHost()) {
            p.put("ssl.endpoint.identification.algorithm", "");
        }
    }

    private static String variable(Settings s, String setting, Function<String, String> env) {
        String name = s.getString(setting);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(setting + " must name the environment variable that holds it");
        }
        String value = env.apply(name);
        if (value == null) {
            throw new IllegalArgumentException(setting + ": the environment variable " + name + " is not set");
        }
        return value;
    }

    private static String quote(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
