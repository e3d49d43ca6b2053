package io.roomcast.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * How a long connection is secured: TLS trusting the JDK's default CAs, TLS trusting given
 * certificates only (a self-signed server), TLS trusting anything (tests only), or no TLS (a
 * server run with TLS off). With trust, the server's name is checked against its certificate.
 * Immutable and thread-safe; one instance may serve many clients.
 */
public final class Tls {
    private final SslContext context;
    private final String description;

    private Tls(SslContext context, String description) {
        this.context = context;
        this.description = description;
    }

    /** TLS, trusting the JDK's default certificate authorities, with host name verification. */
    public static Tls systemTrust() {
        return build(SslContextBuilder.forClient(), true, "TLS (system trust)");
    }

    /** TLS, trusting exactly these certificates (e.g. a server's self-signed one), with host name verification. */
    public static Tls trust(X509Certificate... certificates) {
        if (certificates.length == 0) {
            throw new IllegalArgumentException("no certificate to trust");
        }
        return build(SslContextBuilder.forClient().trustManager(certificates), true, "TLS (trusting given certificates)");
    }

    /** TLS, trusting the certificates in a PEM file, with host name verification. */
    public static Tls trustPem(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certs = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> certs.add((X509Certificate) c));
            return trust(certs.toArray(new X509Certificate[0]));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate file: " + pem, e);
        }
    }

    /**
     * INSECURE: TLS that accepts any certificate and any host name, so anyone in the middle can
     * read and change the traffic. For tests and local trials against a self-signed server only.
     */
    public static Tls insecureTrustAll() {
        return build(SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE), false,
                "TLS (INSECURE: trusts any certificate)");
    }

    /** No TLS: for a server run with TLS off (behind a TLS terminator, benchmarks). */
    public static Tls plaintext() {
        return new Tls(null, "plain TCP");
    }

    private static Tls build(SslContextBuilder builder, boolean verifyHost, String description) {
        try {
            SslContext context = builder.sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .endpointIdentificationAlgorithm(verifyHost ? "HTTPS" : null)
                    .build();
            return new Tls(context, description);
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The Netty client context, or null for plain TCP. */
    SslContext context() {
        return context;
    }

    @Override
    public String toString() {
        return description;
    }
}
