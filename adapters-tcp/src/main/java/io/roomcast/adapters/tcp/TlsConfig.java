package io.roomcast.adapters.tcp;

import static io.roomcast.adapters.tcp.ConfigChecks.check;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * TLS of the long connections: on or off, the certificate and who does the TLS work. Immutable;
 * checked, as the rest of the settings, by {@link TcpConfig#validate()}.
 *
 * @param enabled  TLS on (default). Off only behind a TLS terminator or for benchmarks
 * @param certPem  PEM certificate chain; null (default) with a null key: a self-signed one is made at start
 * @param keyPem   PEM private key (PKCS#8, or PKCS#1 through Bouncy Castle) matching {@code certPem}
 * @param provider who does the TLS work; default {@link Provider#AUTO}
 */
public record TlsConfig(boolean enabled, Path certPem, Path keyPem, Provider provider) {

    /** Who does the TLS work. */
    public enum Provider {
        /** BoringSSL (netty-tcnative) when its native library loads, the JDK's otherwise. */
        AUTO,
        /** The JDK's {@code SSLEngine}. */
        JDK,
        /** BoringSSL or fail at start. */
        OPENSSL
    }

    /** The defaults users get: TLS on, with a self-signed certificate, by {@link Provider#AUTO}. */
    public static TlsConfig defaults() {
        return new TlsConfig(true, null, null, Provider.AUTO);
    }

    public TlsConfig withEnabled(boolean value) {
        return new TlsConfig(value, certPem, keyPem, provider);
    }

    public TlsConfig withProvider(Provider value) {
        return new TlsConfig(enabled, certPem, keyPem, value);
    }

    /** @throws IllegalArgumentException naming the field ({@code TcpConfig.<field>}) and what it must be */
    void validate() {
        check((certPem == null) == (keyPem == null), certPem == null ? "certPem" : "keyPem",
                "certPem and keyPem go together: give both PEM files or neither");
        check(provider != null, "tlsProvider", "must be one of " + Arrays.toString(Provider.values()));
    }
}
