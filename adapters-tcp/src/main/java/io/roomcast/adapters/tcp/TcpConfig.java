package io.roomcast.adapters.tcp;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the long-connection server, with the defaults users get (bootstrap's settings
 * catalogue takes them from here). Fluent setters, as Trino's config classes; {@link #validate()}
 * checks what this adapter needs to run (positive sizes, ordered watermarks) and is called by
 * {@link TcpModule} and {@link TcpServer}. The keys users write and the ranges they may use live in
 * one place, bootstrap's {@code Setting}, whose every range passes this validation. Not
 * thread-safe while being set; treat it as immutable once handed to the module.
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


    private String host = "0.0.0.0";
    private int port = 9443;
    private boolean tls = true;
    private Path certPem;
    private Path keyPem;
    private long heartbeatMs = 30_000;
    private long helloTimeoutMs = 10_000;
    private int maxFrameBytes = 16 * 1024;
    private int maxConnections = 200_000;
    private int maxNewConnectionsPerSecond = 2_000;
    private int writeBufferLowBytes = 64 * 1024;
    private int writeBufferHighBytes = 256 * 1024;
    private int socketSendBufferBytes;
    private long outboundBudgetBytes;
    private int maxPendingBlocks = 4;
    private long maxPendingMs = 600_000;
    private int mergedBlockMaxEntries = 20;
    private long slowTimeoutMs = 15_000;
    private long ackLagMs = 500;
    private int ackWindowBytes = 16 * 1024;
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

    /** Open connections per node; over it a new one gets {@code Error{OVERLOADED}}. Default 200,000. */
    public int maxConnections() {
        return maxConnections;
    }

    public TcpConfig maxConnections(int value) {
        this.maxConnections = value;
        return this;
    }

    /** New connections per second (token bucket, one second of burst); over it {@code Error{RATE_LIMITED}}. Default 2,000. */
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

    /**
     * The node-wide bound on bytes written to TLS connections and not yet taken by their sockets
     * (each connection encrypts its own copy); over it, viewers hold their blocks and merge them by
     * priority. 0 (the default): a quarter of the JVM's direct-memory limit.
     */
    public long outboundBudgetBytes() {
        return outboundBudgetBytes;
    }

    public TcpConfig outboundBudgetBytes(long value) {
        this.outboundBudgetBytes = value;
        return this;
    }

    /** Blocks a connection may hold while it is not writable; beyond, they merge by priority. Default 4 (measured against 16: BENCHMARKS.md, 2026-12-06). */
    public int maxPendingBlocks() {
        return maxPendingBlocks;
    }

    public TcpConfig maxPendingBlocks(int value) {
        this.maxPendingBlocks = value;
        return this;
    }

    /**
     * How long a viewer's oldest pending block may wait before the pending blocks merge by priority
     * (a viewer that cannot keep up gets the most important of each such period, not all of it late).
     * Default 10 min, that is in practice only {@link #maxPendingBlocks()} bounds the queue: 1 s was
     * measured and made an overloaded node worse (a per-viewer merged block every second costs more
     * CPU than the shared blocks it replaces; BENCHMARKS.md, 2026-12-06).
     */
    public long maxPendingMs() {
        return maxPendingMs;
    }

    public TcpConfig maxPendingMs(long value) {
        this.maxPendingMs = value;
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

    /**
     * For sessions that acknowledge blocks ({@code Hello.acks}): the oldest unacknowledged block may
     * be this old before the viewer's next blocks wait (and merge) on the server. 0: acks are not
     * used. Default 500 ms; Welcome asks for an Ack every quarter of it.
     */
    public long ackLagMs() {
        return ackLagMs;
    }

    public TcpConfig ackLagMs(long value) {
        this.ackLagMs = value;
        return this;
    }

    /**
     * For sessions that acknowledge blocks: the unacknowledged bytes at which the viewer's next
     * blocks wait (and merge) on the server; one block is always written. Default 16 KiB.
     */
    public int ackWindowBytes() {
        return ackWindowBytes;
    }

    public TcpConfig ackWindowBytes(int value) {
        this.ackWindowBytes = value;
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
     * Checks what the server needs to run: positive sizes and timeouts, ordered watermarks, a
     * certificate with its key. Ranges for users are bootstrap's; this names the field.
     *
     * @return this
     * @throws IllegalArgumentException naming the field and what it must be
     */
    public TcpConfig validate() {
        check(host != null && !host.isBlank(), "host", "must name an address, e.g. 0.0.0.0");
        check(port >= 0 && port <= 65_535, "port", "must be 0-65535, got " + port);
        check((certPem == null) == (keyPem == null), certPem == null ? "certPem" : "keyPem",
                "certPem and keyPem go together: give both PEM files or neither");
        positive("heartbeatMs", heartbeatMs);
        positive("helloTimeoutMs", helloTimeoutMs);
        positive("maxFrameBytes", maxFrameBytes);
        positive("maxConnections", maxConnections);
        positive("maxNewConnectionsPerSecond", maxNewConnectionsPerSecond);
        positive("writeBufferLowBytes", writeBufferLowBytes);
        check(maxPendingMs >= 1, "maxPendingMs", "must be at least 1");
        check(outboundBudgetBytes >= 0, "outboundBudgetBytes", "must not be negative (0: automatic)");
        check(writeBufferLowBytes <= writeBufferHighBytes, "writeBufferLowBytes",
                "must not be above writeBufferHighBytes (" + writeBufferLowBytes + " > " + writeBufferHighBytes + ")");
        check(socketSendBufferBytes >= 0, "socketSendBufferBytes", "must not be negative");
        positive("maxPendingBlocks", maxPendingBlocks);
        positive("mergedBlockMaxEntries", mergedBlockMaxEntries);
        positive("slowTimeoutMs", slowTimeoutMs);
        check(ackLagMs >= 0, "ackLagMs", "must not be negative (0: acks off)");
        positive("ackWindowBytes", ackWindowBytes);
        check(drainGraceMillis >= 0, "drainGraceMillis", "must not be negative");
        // GoAway carries the delay as an int32.
        check(goAwayMaxDelayMs >= 0 && goAwayMaxDelayMs < Integer.MAX_VALUE, "goAwayMaxDelayMs",
                "must be 0-" + (Integer.MAX_VALUE - 1) + ", got " + goAwayMaxDelayMs);
        check(advertisedEndpoints != null, "advertisedEndpoints", "must be a list (empty for none)");
        positive("resumeMaxMessages", resumeMaxMessages);
        check(ioThreads >= 0, "ioThreads", "must not be negative (0: twice the cores)");
        positive("blockingThreads", blockingThreads);
        check(tlsProvider != null, "tlsProvider", "must be one of " + Arrays.toString(TlsProvider.values()));
        check(transport != null, "transport", "must be one of " + Arrays.toString(Transport.values()));
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
        c.outboundBudgetBytes = outboundBudgetBytes;
        c.maxPendingBlocks = maxPendingBlocks;
        c.maxPendingMs = maxPendingMs;
        c.mergedBlockMaxEntries = mergedBlockMaxEntries;
        c.slowTimeoutMs = slowTimeoutMs;
        c.ackLagMs = ackLagMs;
        c.ackWindowBytes = ackWindowBytes;
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

    private static void positive(String field, long value) {
        check(value > 0, field, "must be positive, got " + value);
    }

    private static void check(boolean ok, String field, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("TcpConfig." + field + ": " + problem);
        }
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
                && outboundBudgetBytes == c.outboundBudgetBytes && maxPendingMs == c.maxPendingMs
                && maxPendingBlocks == c.maxPendingBlocks && mergedBlockMaxEntries == c.mergedBlockMaxEntries
                && slowTimeoutMs == c.slowTimeoutMs && ackLagMs == c.ackLagMs && ackWindowBytes == c.ackWindowBytes && drainGraceMillis == c.drainGraceMillis
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
