package io.roomcast.adapters.tcp;

import static io.roomcast.adapters.tcp.ConfigChecks.check;
import static io.roomcast.adapters.tcp.ConfigChecks.positive;

import java.util.List;
import java.util.Objects;

/**
 * Settings of the long-connection server, with the defaults users get (bootstrap's settings
 * catalogue takes them from here): listening, connections and shutdown here, and four parts of
 * their own: {@link ServerThreads}, {@link TlsConfig}, {@link ViewerFlow} (each viewer's flow
 * control) and {@link PushLimits} (the push core's), which are records. Fluent setters, as Trino's
 * config classes; {@link #validate()} checks what this adapter needs to run (positive sizes,
 * ordered watermarks), the parts' fields too, and is called by {@link TcpModule} and
 * {@link TcpServer}. The keys users write and the ranges they may use live in one place,
 * bootstrap's {@code Setting}, whose every range passes this validation. Not thread-safe while
 * being set; treat it as immutable once handed to the module.
 */
public final class TcpConfig {

    private String host = "0.0.0.0";
    private int port = 9443;
    private long heartbeatMs = 30_000;
    private long helloTimeoutMs = 10_000;
    private int maxFrameBytes = 16 * 1024;
    private int maxConnections = 200_000;
    private int maxNewConnectionsPerSecond = 2_000;
    private long drainGraceMillis = 10_000;
    private long goAwayMaxDelayMs = 5_000;
    private List<String> advertisedEndpoints = List.of();
    private ServerThreads threads = ServerThreads.defaults();
    private TlsConfig tls = TlsConfig.defaults();
    private ViewerFlow flow = ViewerFlow.defaults();
    private PushLimits push = PushLimits.defaults();

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

    /** The server's transport and threads; default {@link ServerThreads#defaults()}. */
    public ServerThreads threads() {
        return threads;
    }

    public TcpConfig threads(ServerThreads value) {
        this.threads = value;
        return this;
    }

    /** TLS; default {@link TlsConfig#defaults()}: on, with a self-signed certificate. */
    public TlsConfig tls() {
        return tls;
    }

    public TcpConfig tls(TlsConfig value) {
        this.tls = value;
        return this;
    }

    /** Each viewer's flow control; default {@link ViewerFlow#defaults()}. */
    public ViewerFlow flow() {
        return flow;
    }

    public TcpConfig flow(ViewerFlow value) {
        this.flow = value;
        return this;
    }

    /** The push core's limits held here; default {@link PushLimits#defaults()}. */
    public PushLimits push() {
        return push;
    }

    public TcpConfig push(PushLimits value) {
        this.push = value;
        return this;
    }

    /**
     * Checks what the server needs to run: positive sizes and timeouts, ordered watermarks, a
     * certificate with its key; the parts' fields too. Ranges for users are bootstrap's; this names
     * the field.
     *
     * @return this
     * @throws IllegalArgumentException naming the field and what it must be
     */
    public TcpConfig validate() {
        check(host != null && !host.isBlank(), "host", "must name an address, e.g. 0.0.0.0");
        check(port >= 0 && port <= 65_535, "port", "must be 0-65535, got " + port);
        check(tls != null, "tls", "must be given (TlsConfig.defaults() for the defaults)");
        tls.validate();
        positive("heartbeatMs", heartbeatMs);
        positive("helloTimeoutMs", helloTimeoutMs);
        positive("maxFrameBytes", maxFrameBytes);
        positive("maxConnections", maxConnections);
        positive("maxNewConnectionsPerSecond", maxNewConnectionsPerSecond);
        check(flow != null, "flow", "must be given (ViewerFlow.defaults() for the defaults)");
        flow.validate();
        check(push != null, "push", "must be given (PushLimits.defaults() for the defaults)");
        push.validate();
        check(drainGraceMillis >= 0, "drainGraceMillis", "must not be negative");
        // GoAway carries the delay as an int32.
        check(goAwayMaxDelayMs >= 0 && goAwayMaxDelayMs < Integer.MAX_VALUE, "goAwayMaxDelayMs",
                "must be 0-" + (Integer.MAX_VALUE - 1) + ", got " + goAwayMaxDelayMs);
        check(advertisedEndpoints != null, "advertisedEndpoints", "must be a list (empty for none)");
        check(threads != null, "threads", "must be given (ServerThreads.defaults() for the defaults)");
        threads.validate();
        return this;
    }

    /** An independent copy, so later changes to this one do not reach a running server (the parts are immutable). */
    public TcpConfig copy() {
        TcpConfig c = new TcpConfig();
        c.host = host;
        c.port = port;
        c.heartbeatMs = heartbeatMs;
        c.helloTimeoutMs = helloTimeoutMs;
        c.maxFrameBytes = maxFrameBytes;
        c.maxConnections = maxConnections;
        c.maxNewConnectionsPerSecond = maxNewConnectionsPerSecond;
        c.drainGraceMillis = drainGraceMillis;
        c.goAwayMaxDelayMs = goAwayMaxDelayMs;
        c.advertisedEndpoints = advertisedEndpoints;
        c.threads = threads;
        c.tls = tls;
        c.flow = flow;
        c.push = push;
        return c;
    }

    @Override
    public String toString() {
        return "TcpConfig{host=" + host + ", port=" + port + ", heartbeatMs=" + heartbeatMs + ", maxConnections="
                + maxConnections + ", advertise=" + advertisedEndpoints + ", " + threads + ", " + tls + ", " + flow
                + ", " + push + "}";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TcpConfig c)) {
            return false;
        }
        return port == c.port && heartbeatMs == c.heartbeatMs && helloTimeoutMs == c.helloTimeoutMs
                && maxFrameBytes == c.maxFrameBytes && maxConnections == c.maxConnections
                && maxNewConnectionsPerSecond == c.maxNewConnectionsPerSecond && drainGraceMillis == c.drainGraceMillis
                && goAwayMaxDelayMs == c.goAwayMaxDelayMs && Objects.equals(host, c.host)
                && Objects.equals(advertisedEndpoints, c.advertisedEndpoints) && Objects.equals(threads, c.threads)
                && Objects.equals(tls, c.tls) && Objects.equals(flow, c.flow) && Objects.equals(push, c.push);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, tls, heartbeatMs, threads, maxConnections, advertisedEndpoints);
    }
}
