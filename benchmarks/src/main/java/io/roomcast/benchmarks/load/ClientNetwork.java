package io.roomcast.benchmarks.load;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Where the generator's connections come from and how they are secured: the loopback-only rule,
 * client TLS, and the spread of many connections over local source addresses. Stateless.
 */
final class ClientNetwork {
    /** Connections one source address may make to one server port, below the ephemeral port range. */
    static final int PER_SOURCE_ADDRESS = 25_000;

    private ClientNetwork() {
    }

    static void requireLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    throw new IllegalArgumentException("this load generator only drives loopback addresses (127.0.0.0/8), not " + host);
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
    }

    /**
     * Who does the generator's TLS work: BoringSSL (netty-tcnative) where its native library loads,
     * as on the server, so the instrument takes less of the shared cores; the JDK's provider otherwise.
     */
    static String clientTlsProvider() {
        return OpenSsl.isAvailable() ? "BoringSSL" : "the JDK provider";
    }

    /** The client TLS context (trusting the server's self-signed certificate blindly: loopback only), or null for plain TCP. */
    static SslContext clientTls(boolean tls) {
        if (!tls) {
            return null;
        }
        try {
            SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            return SslContextBuilder.forClient().sslProvider(provider)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up client TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Local addresses to spread {@code connections} over: the {@code given} ones ({@code --source-ips=}), or
     * by default as many of 127.0.0.1, 127.0.0.2, ... as keep each under {@value #PER_SOURCE_ADDRESS}
     * connections (empty when one is enough: the kernel picks).
     */
    static List<InetAddress> sourceAddresses(List<String> given, int connections) {
        List<InetAddress> out = new ArrayList<>();
        try {
            if (!given.isEmpty()) {
                for (String ip : given) {
                    InetAddress a = InetAddress.getByName(ip);
                    requireLoopback(ip);
                    out.add(a);
                }
                return out;
            }
            int needed = (connections + PER_SOURCE_ADDRESS - 1) / PER_SOURCE_ADDRESS;
            if (needed <= 1) {
                return List.of();
            }
            for (int i = 1; i <= needed; i++) {
                out.add(InetAddress.getByName("127.0.0." + i));
            }
            return out;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad --source-ips: " + e.getMessage(), e);
        }
    }
}
