package io.roomcast.bootstrap.config;

import io.roomcast.adapters.tcp.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS certificate of long connections. With TLS on and no {@code tcp.cert}/{@code tcp.key}
 * configured, the first start writes a self-signed certificate and key into the data directory
 * ({@value #CERT_FILE}, {@value #KEY_FILE}, the key owner-only) and every later start reuses them,
 * so clients that pinned it keep working. Either way the pair in force is checked before anything
 * starts: readable PEM, in its validity period, the key matching the certificate.
 */
public final class TlsFiles {
    public static final String CERT_FILE = "roomcast-cert.pem";
    public static final String KEY_FILE = "roomcast-key.pem";
    private static final Logger LOG = LoggerFactory.getLogger(TlsFiles.class);
    private static final Map<String, String> SIGNATURES = Map.of("EC", "SHA256withECDSA", "RSA", "SHA256withRSA",
            "Ed25519", "Ed25519", "EdDSA", "Ed25519");

    private TlsFiles() {
    }

    /** Whether long connections use TLS at all (else there is no certificate). */
    public static boolean inUse(Settings settings) {
        return settings.bool(Setting.TCP_ENABLED) && settings.bool(Setting.TCP_TLS);
    }

    /**
     * The settings with {@code tcp.cert} and {@code tcp.key} naming the data directory's
     * self-signed pair (made now if missing) when TLS is in use and neither is configured; the
     * pair in force is then checked. Unchanged when TLS is not in use.
     */
    public static Settings ensure(Settings settings, Path dataDir) {
        if (!inUse(settings)) {
            return settings;
        }
        Settings result = settings;
        if (settings.text(Setting.TCP_CERT).isEmpty() && settings.text(Setting.TCP_KEY).isEmpty()) {
            Path cert = dataDir.resolve(CERT_FILE);
            Path key = dataDir.resolve(KEY_FILE);
            readOrCreate(cert, key, settings.text(Setting.TCP_HOST));
            result = settings.with(Setting.TCP_CERT, cert.toString()).with(Setting.TCP_KEY, key.toString());
            LOG.warn("Long connections use the SELF-SIGNED certificate {} (SHA-256 {}): clients must trust it "
                    + "explicitly ('roomcast cert' prints it). Configure tcp.cert and tcp.key for production.",
                    cert.toAbsolutePath(), SelfSignedCertificate.fingerprint(check(result)));
        } else {
            checkConfigured(settings);
        }
        return result;
    }

    /** Checks the configured pair, if TLS is in use and both {@code tcp.cert} and {@code tcp.key} are set; generates nothing. */
    public static void checkConfigured(Settings settings) {
        if (inUse(settings) && !settings.text(Setting.TCP_CERT).isEmpty() && !settings.text(Setting.TCP_KEY).isEmpty()) {
            check(settings);
        }
    }

    /** The PEM text of {@code tcp.cert} (after {@link #ensure}): the certificate chain clients trust. */
    public static String certificatePem(Settings ensured) {
        Path cert = ensured.path(Setting.TCP_CERT);
        try {
            return Files.readString(cert, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw ensured.invalid(Setting.TCP_CERT, "cannot read " + cert + ": " + e);
        }
    }

    private static void readOrCreate(Path cert, Path key, String host) {
        boolean certThere = Files.exists(cert);
        boolean keyThere = Files.exists(key);
        if (certThere && keyThere) {
            return;
        }
        if (certThere || keyThere) {
            throw new ConfigException((certThere ? cert : key) + " exists without " + (certThere ? key : cert)
                    + ": restore the missing file, or delete " + (certThere ? cert : key)
                    + " to generate a new self-signed certificate (clients that pinned the old one must trust the new one)");
        }
        try {
            Files.createDirectories(cert.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new ConfigException("cannot create the data directory " + cert.getParent() + ": " + e);
        }
        try {
            SelfSignedCertificate.generate(host, SelfSignedCertificate.VALIDITY).writePem(cert, key);
        } catch (RuntimeException e) {
            throw new ConfigException("cannot write the self-signed certificate into " + cert.getParent() + ": "
                    + e.getMessage() + "; check that this user may write there, or set data.dir");
        }
        LOG.warn("No TLS certificate configured (tcp.cert, tcp.key): generated a self-signed one into {} and {}"
                + " (owner-only key), reused from now on.", cert.toAbsolutePath(), key.toAbsolutePath());
    }

    /** The leaf certificate of the pair in force, checked; every problem names the setting and the fix. */
    static X509Certificate check(Settings s) {
        Path certFile = s.path(Setting.TCP_CERT);
        Path keyFile = s.path(Setting.TCP_KEY);
        X509Certificate leaf = leaf(s, certFile);
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw s.invalid(Setting.TCP_CERT, "the certificate in " + certFile + " expired on " + leaf.getNotAfter().toInstant()
                    + "; renew it (a self-signed one in data.dir: delete it and its key to generate a new one)");
        } catch (CertificateNotYetValidException e) {
            throw s.invalid(Setting.TCP_CERT, "the certificate in " + certFile + " is valid only from "
                    + leaf.getNotBefore().toInstant() + "; check this machine's clock");
        }
        checkKey(s, keyFile, leaf);
        return leaf;
    }

    private static X509Certificate leaf(Settings s, Path certFile) {
        byte[] bytes = read(s, Setting.TCP_CERT, certFile);
        try {
            var all = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
            if (all.isEmpty()) {
                throw s.invalid(Setting.TCP_CERT, certFile + " holds no certificate");
            }
            return (X509Certificate) all.iterator().next();
        } catch (GeneralSecurityException e) {
            throw s.invalid(Setting.TCP_CERT, certFile + " is not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    /** An unencrypted PKCS#8 key must match the certificate; other PEM key forms are left to the TLS engine. */
    private static void checkKey(Settings s, Path keyFile, X509Certificate leaf) {
        String pem = new String(read(s, Setting.TCP_KEY, keyFile), StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN ") || !pem.contains("PRIVATE KEY-----")) {
            throw s.invalid(Setting.TCP_KEY, keyFile + " holds no PEM private key");
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        String signature = SIGNATURES.get(leaf.getPublicKey().getAlgorithm());
        if (!pem.contains(begin) || signature == null) {
            return;
        }
        String body = pem.substring(pem.indexOf(begin) + begin.length(), pem.indexOf("-----END PRIVATE KEY-----"));
        boolean pair;
        try {
            PrivateKey key = KeyFactory.getInstance(leaf.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(signature);
            signer.initSign(key);
            signer.update(probe);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(signature);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            pair = verifier.verify(signed);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            pair = false;
        }
        if (!pair) {
            throw s.invalid(Setting.TCP_KEY, keyFile + " is not the " + leaf.getPublicKey().getAlgorithm()
                    + " private key of the certificate in " + s.text(Setting.TCP_CERT) + "; give the key that belongs to it");
        }
    }

    private static byte[] read(Settings s, Setting setting, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file"
                    : e instanceof AccessDeniedException ? "permission denied for this user" : String.valueOf(e.getMessage());
            throw s.invalid(setting, "cannot read " + file + ": " + why);
        }
    }
}
