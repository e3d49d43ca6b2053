package io.roomcast.application.port.in;

/**
 * What a viewer session needs from configuration, whichever transport carries it (the long
 * connections' settings: {@code tcp.*}).
 *
 * @param heartbeatMs    the heartbeat interval announced in {@code Welcome}
 * @param helloTimeoutMs how long a new connection may take to send {@code Hello}
 * @param readerIdleMs   a connection that sends nothing for this long is closed ({@code IDLE})
 * @param slowTimeoutMs  a connection that takes no writes for this long is closed ({@code SLOW})
 * @param ackLagMs       the acknowledgement lag a client with {@code Hello.acks} may have (0: acks off)
 * @param ackWindowBytes the unacknowledged bytes a client with acks may have
 * @param maxFrameBytes  the largest client frame accepted
 * @param maxConnections the most connections a transport holds
 */
public record SessionSettings(long heartbeatMs, long helloTimeoutMs, long readerIdleMs, long slowTimeoutMs,
                              long ackLagMs, int ackWindowBytes, int maxFrameBytes, int maxConnections) {
    public SessionSettings {
        if (heartbeatMs < 1 || helloTimeoutMs < 1 || readerIdleMs < 1 || slowTimeoutMs < 1 || ackLagMs < 0
                || ackWindowBytes < 1 || maxFrameBytes < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("session settings must be positive (ack lag at least 0): heartbeat "
                    + heartbeatMs + ", hello " + helloTimeoutMs + ", idle " + readerIdleMs + ", slow " + slowTimeoutMs
                    + ", ack lag " + ackLagMs + ", ack window " + ackWindowBytes + ", frame " + maxFrameBytes
                    + ", connections " + maxConnections);
        }
    }
}
