package io.roomcast.adapters.tcp;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context: TLS 1.3 (and 1.2 for older clients) by BoringSSL or the JDK, from the
 * configured PEM certificate chain and key, or, with none configured, from a self-signed EC P-256
 * certificate made at start for {@code localhost}, the loopback addresses and this host's name,
 * announced with a loud warning and its SHA-256 fingerprint. Immutable.
 */
final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);
    /**
     * BoringSSL's own buffer per connection for what it writes while the engine reads (handshake
     * records, alerts; application data goes straight to Netty's buffers): Netty's default of 2 KiB
     * is allocated for every connection and held while it idles. 256 bytes measured 1.4-1.8 KB less
     * native memory per idle connection at the same handshake cost (BENCHMARKS.md); Netty's own
     * system property, when given, wins.
     */
    static final int NON_APPLICATION_BUFFER_BYTES = 256;
    private static final String NON_APPLICATION_BUFFER_PROPERTY = "io.netty.handler.ssl.openssl.bioNonApplicationBufferSize";

    final SslContext context;
    /** The leaf certificate the server presents (clients may trust exactly this one). */
    final X509Certificate certificate;
    /** Who does the TLS work: {@code JDK} or {@code OPENSSL} (BoringSSL). */
    final SslProvider provider;

    private ServerTls(SslContext context, X509Certificate certificate, SslProvider provider) {
        this.context = context;
        this.certificate = certificate;
        this.provider = provider;
    }

    /**
     * BoringSSL when asked for or, with {@code AUTO}, when its native library loads: it encrypts
     * into direct buffers without the JDK engine's copies and keeps less per connection. The JDK's
     * provider otherwise.
     */
    static SslProvider provider(TlsConfig.Provider wanted) {
        return switch (wanted) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("tcp.tls-provider=openssl, but BoringSSL (netty-tcnative) cannot be "
                            + "loaded here: " + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** @param host the name a self-signed certificate is made for, when {@code config} names no certificate */
    static ServerTls create(TlsConfig config, String host) {
        SslProvider provider = provider(config.provider());
        LOG.info("TLS by {}", provider == SslProvider.OPENSSL ? "BoringSSL (" + OpenSsl.versionString() + ")"
                : "the JDK" + (config.provider() == TlsConfig.Provider.AUTO
                        ? " (BoringSSL unavailable: " + OpenSsl.unavailabilityCause() + ")" : ""));
        try {
            if (config.certPem() != null) {
                X509Certificate leaf;
                try (InputStream in = Files.newInputStream(config.certPem())) {
                    leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificates(in).iterator().next();
                }
                SslContext context = build(SslContextBuilder.forServer(config.certPem().toFile(), config.keyPem().toFile()),
                        provider);
                LOG.info("TLS certificate from {} (subject {}, SHA-256 {})", config.certPem(),
                        leaf.getSubjectX500Principal().getName(), fingerprint(leaf));
                return new ServerTls(context, leaf, provider);
            }
            SelfSignedCertificate generated = SelfSignedCertificate.generate(host, SELF_SIGNED_VALIDITY);
            X509Certificate self = generated.certificate();
            SslContext context = build(SslContextBuilder.forServer(generated.privateKey(), self), provider);
            LOG.warn("""

                    ************************************************************************
                    * NO TLS CERTIFICATE CONFIGURED (tcp.cert / tcp.key): long connections  *
                    * use a SELF-SIGNED certificate made at start-up. Clients must trust it *
                    * explicitly. Configure a real certificate before production use.      *
                    ************************************************************************
                    self-signed certificate: {} SHA-256 {}""",
                    self.getSubjectX500Principal().getName(), fingerprint(self));
            return new ServerTls(context, self, provider);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS certificate or key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static SslContext build(SslContextBuilder builder, SslProvider provider)
            throws IOException, GeneralSecurityException {
        SslContext context = builder.sslProvider(provider).protocols(protocols()).build();
        if (context instanceof ReferenceCountedOpenSslContext openSsl
                && System.getProperty(NON_APPLICATION_BUFFER_PROPERTY) == null) {
            openSsl.setBioNonApplicationBufferSize(NON_APPLICATION_BUFFER_BYTES);
        }
        return context;
    }

    /** TLS 1.3 where this JDK has it, and 1.2 for older clients. */
    private static List<String> protocols() throws GeneralSecurityException {
        Set<String> supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getProtocols());
        List<String> wanted = new ArrayList<>();
        for (String p : List.of("TLSv1.3", "TLSv1.2")) {
            if (supported.contains(p)) {
                wanted.add(p);
            }
        }
        return wanted;
    }

    private static String fingerprint(X509Certificate certificate) {
        return SelfSignedCertificate.fingerprint(certificate);
    }
}
