package io.roomcast.adapters.tcp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the long-connection server, with defaults that suit one node and validation that
 * names the bad key. Fluent setters; {@link #validate()} checks the whole and is called by
 * {@link TcpModule} and {@link TcpServer}. {@link #fromProperties} reads the documented
 * {@code tcp.*} keys (see {@link #KEYS}). Not thread-safe while being set; treat it as immutable
 * once handed to the module.
 */
public final class TcpConfig {

    /** Which Netty transport to use. */
    public enum Transport {
        /** Epoll when the native library loads (Linux x86_64), NIO otherwise. */
        AUTO,
        /** Epoll or fail at start. */
        EPOLL,
        /** Java NIO. */
        NIO
    }

    /** Who does the TLS work. */
    public enum TlsProvider {
        /** BoringSSL (netty-tcnative) when its native library loads, the JDK's otherwise. */
        AUTO,
        /** The JDK's {@code SSLEngine}. */
        JDK,
        /** BoringSSL or fail at start. */
        OPENSSL
    }

    /** Every key {@link #fromProperties} understands, in the order of the fields. */
    public static final List<String> KEYS = List.of(
            "tcp.host", "tcp.port", "tcp.tls", "tcp.cert", "tcp.key", "tcp.heartbeat-ms", "tcp.hello-timeout-ms",
            "tcp.max-frame-bytes", "tcp.max-connections", "tcp.max-new-connections-per-second",
            "tcp.write-buffer-low-bytes", "tcp.write-buffer-high-bytes", "tcp.socket-send-buffer-bytes", "tcp.max-pending-blocks",
            "tcp.merged-block-max-entries", "tcp.slow-timeout-ms", "tcp.drain-grace-ms", "tcp.go-away-max-delay-ms",
            "tcp.advertise", "tcp.resume-max-messages", "tcp.io-threads", "tcp.blocking-threads", "tcp.transport",
            "tcp.tls-provider");

    private String host = "0.0.0.0";
    private int port = 9443;
    private boolean tls = true;
    private Path certPem;
    private Path keyPem;
    private long heartbeatMs = 30_000;
    private long helloTimeoutMs = 10_000;
    private int maxFrameBytes = 16 * 1024;
    private int maxConnections = 100_000;
    private int maxNewConnectionsPerSecond = 1_000;
    private int writeBufferLowBytes = 64 * 1024;
    private int writeBufferHighBytes = 256 * 1024;
    private int socketSendBufferBytes;
    private int maxPendingBlocks = 16;
    private int mergedBlockMaxEntries = 20;
    private long slowTimeoutMs = 15_000;
    private long drainGraceMillis = 10_000;
    private long goAwayMaxDelayMs = 5_000;
    private List<String> advertisedEndpoints = List.of();
    private int resumeMaxMessages = 1_000;
    private int ioThreads;
    private int blockingThreads = 4;
    private Transport transport = Transport.AUTO;
    private TlsProvider tlsProvider = TlsProvider.AUTO;

    /** Address to listen on; default {@code 0.0.0.0}. */
    public String host() {
        return host;
    }

    public TcpConfig host(String value) {
        this.host = value;
        return this;
    }

    /** Port to listen on; default 9443; 0 picks a free port (see {@link TcpServer#port()}). */
    public int port() {
        return port;
    }

    public TcpConfig port(int value) {
        this.port = value;
        return this;
    }

    /** TLS on (default). Off only behind a TLS terminator or for benchmarks. */
    public boolean tls() {
        return tls;
    }

    public TcpConfig tls(boolean value) {
        this.tls = value;
        return this;
    }

    /** PEM certificate chain; null (default) with a null key: a self-signed one is made at start. */
    public Path certPem() {
        return certPem;
    }

    public TcpConfig certPem(Path value) {
        this.certPem = value;
        return this;
    }

    /** PEM private key (PKCS#8, or PKCS#1 through Bouncy Castle) matching {@link #certPem()}. */
    public Path keyPem() {
        return keyPem;
    }

    public TcpConfig keyPem(Path value) {
        this.keyPem = value;
        return this;
    }

    /** Heartbeat interval given to clients in Welcome; a connection silent for 2.5 intervals is closed. Default 30 s. */
    public long heartbeatMs() {
        return heartbeatMs;
    }

    public TcpConfig heartbeatMs(long value) {
        this.heartbeatMs = value;
        return this;
    }

    /** The silence after which a connection is closed: 2.5 heartbeat intervals. */
    public long readerIdleMs() {
        return heartbeatMs * 5 / 2;
    }

    /** A connection that has not sent Hello this long after connecting is closed. Default 10 s. */
    public long helloTimeoutMs() {
        return helloTimeoutMs;
    }

    public TcpConfig helloTimeoutMs(long value) {
        this.helloTimeoutMs = value;
        return this;
    }

    /** Largest client frame body accepted; a bigger length prefix is refused at once. Default 16 KiB. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public TcpConfig maxFrameBytes(int value) {
        this.maxFrameBytes = value;
        return this;
    }

    /** Open connections per node; over it a new one gets {@code Error{OVERLOADED}}. Default 100,000. */
    public int maxConnections() {
        return maxConnections;
    }

    public TcpConfig maxConnections(int value) {
        this.maxConnections = value;
        return this;
    }

    /** New connections per second (token bucket, one second of burst); over it {@code Error{RATE_LIMITED}}. Default 1,000. */
    public int maxNewConnectionsPerSecond() {
        return maxNewConnectionsPerSecond;
    }

    public TcpConfig maxNewConnectionsPerSecond(int value) {
        this.maxNewConnectionsPerSecond = value;
        return this;
    }

    /** Write buffer low watermark: a slow connection becomes writable again below it. Default 64 KiB. */
    public int writeBufferLowBytes() {
        return writeBufferLowBytes;
    }

    public TcpConfig writeBufferLowBytes(int value) {
        this.writeBufferLowBytes = value;
        return this;
    }

    /** Write buffer high watermark: above it a connection is not writable and its blocks wait. Default 256 KiB. */
    public int writeBufferHighBytes() {
        return writeBufferHighBytes;
    }

    public TcpConfig writeBufferHighBytes(int value) {
        this.writeBufferHighBytes = value;
        return this;
    }

    /**
     * SO_SNDBUF of each connection; 0 (default): the OS decides (Linux autotunes it, up to several
     * MiB per connection). A fixed size bounds the kernel memory a slow viewer can hold and makes
     * the write-buffer watermarks (and so merging and SLOW) take effect sooner.
     */
    public int socketSendBufferBytes() {
        return socketSendBufferBytes;
    }

    public TcpConfig socketSendBufferBytes(int value) {
        this.socketSendBufferBytes = value;
        return this;
    }

    /** Blocks a connection may hold while it is not writable; beyond, they merge by priority. Default 16. */
    public int maxPendingBlocks() {
        return maxPendingBlocks;
    }

    public TcpConfig maxPendingBlocks(int value) {
        this.maxPendingBlocks = value;
        return this;
    }

    /** Most entries in the block a slow viewer's pending blocks merge into (CRITICAL never dropped). Default 20. */
    public int mergedBlockMaxEntries() {
        return mergedBlockMaxEntries;
    }

    public TcpConfig mergedBlockMaxEntries(int value) {
        this.mergedBlockMaxEntries = value;
        return this;
    }

    /** A connection not writable for this long gets {@code Error{SLOW}} and is closed. Default 15 s. */
    public long slowTimeoutMs() {
        return slowTimeoutMs;
    }

    public TcpConfig slowTimeoutMs(long value) {
        this.slowTimeoutMs = value;
        return this;
    }

    /** How long {@link TcpServer#stop()} may take: GoAway, flush, close. Default 10 s. */
    public long drainGraceMillis() {
        return drainGraceMillis;
    }

    public TcpConfig drainGraceMillis(long value) {
        this.drainGraceMillis = value;
        return this;
    }

    /** GoAway's reconnect delay is drawn per connection from [0, this]. Default 5 s; at most the grace period is sensible. */
    public long goAwayMaxDelayMs() {
        return goAwayMaxDelayMs;
    }

    public TcpConfig goAwayMaxDelayMs(long value) {
        this.goAwayMaxDelayMs = value;
        return this;
    }

    /** "host:port" endpoints named in GoAway; empty (default): clients ask GET /api/v1/endpoint again. */
    public List<String> advertisedEndpoints() {
        return advertisedEndpoints;
    }

    public TcpConfig advertisedEndpoints(List<String> value) {
        this.advertisedEndpoints = value == null ? null : List.copyOf(value);
        return this;
    }

    /** Most messages a resume replays before falling back to one (the most important) per page. Default 1,000. */
    public int resumeMaxMessages() {
        return resumeMaxMessages;
    }

    public TcpConfig resumeMaxMessages(int value) {
        this.resumeMaxMessages = value;
        return this;
    }

    /** Netty I/O threads; 0 (default): twice the cores. */
    public int ioThreads() {
        return ioThreads;
    }

    public TcpConfig ioThreads(int value) {
        this.ioThreads = value;
        return this;
    }

    /** Threads for token checks and resume reads, which may block on the store. Default 4. */
    public int blockingThreads() {
        return blockingThreads;
    }

    public TcpConfig blockingThreads(int value) {
        this.blockingThreads = value;
        return this;
    }

    /** Who does the TLS work; default {@link TlsProvider#AUTO}. */
    public TlsProvider tlsProvider() {
        return tlsProvider;
    }

    public TcpConfig tlsProvider(TlsProvider value) {
        this.tlsProvider = value;
        return this;
    }

    /** Netty transport; default {@link Transport#AUTO}. */
    public Transport transport() {
        return transport;
    }

    public TcpConfig transport(Transport value) {
        this.transport = value;
        return this;
    }

    /**
     * Checks every setting and their combinations.
     *
     * @return this
     * @throws IllegalArgumentException naming the key and the valid range
     */
    public TcpConfig validate() {
        if (host == null || host.isBlank()) {
            throw bad("tcp.host", "must name an address, e.g. 0.0.0.0");
        }
        range("tcp.port", port, 0, 65_535);
        if ((certPem == null) != (keyPem == null)) {
            throw bad(certPem == null ? "tcp.cert" : "tcp.key", "tcp.cert and tcp.key go together: give both PEM files or neither");
        }
        range("tcp.heartbeat-ms", heartbeatMs, 100, 3_600_000);
        range("tcp.hello-timeout-ms", helloTimeoutMs, 100, 600_000);
        range("tcp.max-frame-bytes", maxFrameBytes, 64, 16 * 1024 * 1024);
        range("tcp.max-connections", maxConnections, 1, 10_000_000);
        range("tcp.max-new-connections-per-second", maxNewConnectionsPerSecond, 1, 10_000_000);
        range("tcp.write-buffer-low-bytes", writeBufferLowBytes, 1, Integer.MAX_VALUE);
        range("tcp.write-buffer-high-bytes", writeBufferHighBytes, 1, Integer.MAX_VALUE);
        if (writeBufferLowBytes > writeBufferHighBytes) {
            throw bad("tcp.write-buffer-low-bytes", "must not be above tcp.write-buffer-high-bytes ("
                    + writeBufferLowBytes + " > " + writeBufferHighBytes + ")");
        }
        range("tcp.socket-send-buffer-bytes", socketSendBufferBytes, 0, Integer.MAX_VALUE);
        range("tcp.max-pending-blocks", maxPendingBlocks, 1, 100_000);
        range("tcp.merged-block-max-entries", mergedBlockMaxEntries, 1, 100_000);
        range("tcp.slow-timeout-ms", slowTimeoutMs, 1, 3_600_000);
        range("tcp.drain-grace-ms", drainGraceMillis, 0, 3_600_000);
        range("tcp.go-away-max-delay-ms", goAwayMaxDelayMs, 0, Integer.MAX_VALUE);
        if (advertisedEndpoints == null) {
            throw bad("tcp.advertise", "must be a list (empty for none)");
        }
        for (String endpoint : advertisedEndpoints) {
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0 || colon == endpoint.length() - 1
                    || !endpoint.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw bad("tcp.advertise", "'" + endpoint + "' is not host:port");
            }
        }
        range("tcp.resume-max-messages", resumeMaxMessages, 1, 1_000_000);
        range("tcp.io-threads", ioThreads, 0, 1_024);
        range("tcp.blocking-threads", blockingThreads, 1, 1_024);
        if (tlsProvider == null) {
            throw bad("tcp.tls-provider", "must be one of " + Arrays.toString(TlsProvider.values()));
        }
        if (transport == null) {
            throw bad("tcp.transport", "must be one of " + Arrays.toString(Transport.values()));
        }
        return this;
    }

    /** An independent copy, so later changes to this one do not reach a running server. */
    public TcpConfig copy() {
        TcpConfig c = new TcpConfig();
        c.host = host;
        c.port = port;
        c.tls = tls;
        c.certPem = certPem;
        c.keyPem = keyPem;
        c.heartbeatMs = heartbeatMs;
        c.helloTimeoutMs = helloTimeoutMs;
        c.maxFrameBytes = maxFrameBytes;
        c.maxConnections = maxConnections;
        c.maxNewConnectionsPerSecond = maxNewConnectionsPerSecond;
        c.writeBufferLowBytes = writeBufferLowBytes;
        c.writeBufferHighBytes = writeBufferHighBytes;
        c.socketSendBufferBytes = socketSendBufferBytes;
        c.maxPendingBlocks = maxPendingBlocks;
        c.mergedBlockMaxEntries = mergedBlockMaxEntries;
        c.slowTimeoutMs = slowTimeoutMs;
        c.drainGraceMillis = drainGraceMillis;
        c.goAwayMaxDelayMs = goAwayMaxDelayMs;
        c.advertisedEndpoints = advertisedEndpoints;
        c.resumeMaxMessages = resumeMaxMessages;
        c.ioThreads = ioThreads;
        c.blockingThreads = blockingThreads;
        c.transport = transport;
        c.tlsProvider = tlsProvider;
        return c;
    }

    /**
     * Reads the {@code tcp.*} keys of {@link #KEYS} over the defaults; unknown {@code tcp.*} keys are
     * an error (a typo must not pass silently), other keys are ignored. Lists are comma-separated.
     */
    public static TcpConfig fromProperties(Map<String, String> properties) {
        TcpConfig c = new TcpConfig();
        Map<String, String> tcp = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("tcp.")) {
                if (!KEYS.contains(k)) {
                    throw bad(k, "unknown key; known keys are " + KEYS);
                }
                tcp.put(k, v == null ? "" : v.trim());
            }
        });
        tcp.forEach((key, v) -> {
            switch (key) {
                case "tcp.host" -> c.host(v);
                case "tcp.port" -> c.port(integer(key, v));
                case "tcp.tls" -> c.tls(bool(key, v));
                case "tcp.cert" -> c.certPem(v.isEmpty() ? null : Path.of(v));
                case "tcp.key" -> c.keyPem(v.isEmpty() ? null : Path.of(v));
                case "tcp.heartbeat-ms" -> c.heartbeatMs(number(key, v));
                case "tcp.hello-timeout-ms" -> c.helloTimeoutMs(number(key, v));
                case "tcp.max-frame-bytes" -> c.maxFrameBytes(integer(key, v));
                case "tcp.max-connections" -> c.maxConnections(integer(key, v));
                case "tcp.max-new-connections-per-second" -> c.maxNewConnectionsPerSecond(integer(key, v));
                case "tcp.write-buffer-low-bytes" -> c.writeBufferLowBytes(integer(key, v));
                case "tcp.write-buffer-high-bytes" -> c.writeBufferHighBytes(integer(key, v));
                case "tcp.socket-send-buffer-bytes" -> c.socketSendBufferBytes(integer(key, v));
                case "tcp.max-pending-blocks" -> c.maxPendingBlocks(integer(key, v));
                case "tcp.merged-block-max-entries" -> c.mergedBlockMaxEntries(integer(key, v));
                case "tcp.slow-timeout-ms" -> c.slowTimeoutMs(number(key, v));
                case "tcp.drain-grace-ms" -> c.drainGraceMillis(number(key, v));
                case "tcp.go-away-max-delay-ms" -> c.goAwayMaxDelayMs(number(key, v));
                case "tcp.advertise" -> c.advertisedEndpoints(list(v));
                case "tcp.resume-max-messages" -> c.resumeMaxMessages(integer(key, v));
                case "tcp.io-threads" -> c.ioThreads(integer(key, v));
                case "tcp.blocking-threads" -> c.blockingThreads(integer(key, v));
                case "tcp.transport" -> c.transport(oneOf(Transport.class, key, v));
                case "tcp.tls-provider" -> c.tlsProvider(oneOf(TlsProvider.class, key, v));
                default -> throw new IllegalStateException("key listed but not mapped: " + key);
            }
        });
        return c.validate();
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static <E extends Enum<E>> E oneOf(Class<E> type, String key, String v) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(key, "'" + v + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static boolean bool(String key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, "'" + v + "' is not true or false");
        };
    }

    private static long number(String key, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(key, "'" + v + "' is not a whole number");
        }
    }

    private static int integer(String key, String v) {
        long n = number(key, v);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw bad(key, "'" + v + "' is out of range");
        }
        return (int) n;
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(key, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static IllegalArgumentException bad(String key, String problem) {
        return new IllegalArgumentException(key + ": " + problem);
    }

    @Override
    public String toString() {
        return "TcpConfig{host=" + host + ", port=" + port + ", tls=" + tls + ", certPem=" + certPem
                + ", keyPem=" + keyPem + ", heartbeatMs=" + heartbeatMs + ", transport=" + transport + ", tlsProvider=" + tlsProvider
                + ", maxConnections=" + maxConnections + ", advertise=" + advertisedEndpoints + "}";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TcpConfig c)) {
            return false;
        }
        return port == c.port && tls == c.tls && heartbeatMs == c.heartbeatMs && helloTimeoutMs == c.helloTimeoutMs
                && maxFrameBytes == c.maxFrameBytes && maxConnections == c.maxConnections
                && maxNewConnectionsPerSecond == c.maxNewConnectionsPerSecond
                && writeBufferLowBytes == c.writeBufferLowBytes && writeBufferHighBytes == c.writeBufferHighBytes
                && socketSendBufferBytes == c.socketSendBufferBytes
                && maxPendingBlocks == c.maxPendingBlocks && mergedBlockMaxEntries == c.mergedBlockMaxEntries
                && slowTimeoutMs == c.slowTimeoutMs && drainGraceMillis == c.drainGraceMillis
                && goAwayMaxDelayMs == c.goAwayMaxDelayMs && resumeMaxMessages == c.resumeMaxMessages
                && ioThreads == c.ioThreads && blockingThreads == c.blockingThreads
                && Objects.equals(host, c.host) && Objects.equals(certPem, c.certPem)
                && Objects.equals(keyPem, c.keyPem) && Objects.equals(advertisedEndpoints, c.advertisedEndpoints)
                && transport == c.transport
                && tlsProvider == c.tlsProvider;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, tls, certPem, keyPem, heartbeatMs, transport, maxConnections, advertisedEndpoints);
    }
}
