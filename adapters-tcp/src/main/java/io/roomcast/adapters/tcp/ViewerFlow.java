package io.roomcast.adapters.tcp;

import static io.roomcast.adapters.tcp.ConfigChecks.check;
import static io.roomcast.adapters.tcp.ConfigChecks.positive;

/**
 * Flow control of each viewer's connection: when its writes count as too many, so that its blocks
 * wait (and merge), and when it is given up as slow. Immutable; checked, as the rest of the
 * settings, by {@link TcpConfig#validate()}.
 *
 * @param writeBufferLowBytes   write buffer low watermark: a slow connection becomes writable again
 *                              below it. Default 64 KiB
 * @param writeBufferHighBytes  write buffer high watermark: above it a connection is not writable and
 *                              its blocks wait. Default 256 KiB
 * @param socketSendBufferBytes SO_SNDBUF of each connection; 0 (default): the OS decides (Linux
 *                              autotunes it, up to several MiB per connection). A fixed size bounds the
 *                              kernel memory a slow viewer can hold and makes the write-buffer
 *                              watermarks (and so merging and SLOW) take effect sooner
 * @param outboundBudgetBytes   the node-wide bound on bytes written to TLS connections and not yet
 *                              taken by their sockets (each connection encrypts its own copy); over it,
 *                              viewers hold their blocks and merge them by priority. 0 (the default):
 *                              a quarter of the JVM's direct-memory limit
 * @param slowTimeoutMs         a connection not writable for this long gets {@code Error{SLOW}} and is
 *                              closed. Default 15 s
 * @param ackLagMs              for sessions that acknowledge blocks ({@code Hello.acks}): the oldest
 *                              unacknowledged block may be this old before the viewer's next blocks wait
 *                              (and merge) on the server. 0: acks are not used. Default 500 ms; Welcome
 *                              asks for an Ack every quarter of it
 * @param ackWindowBytes        for sessions that acknowledge blocks: the unacknowledged bytes at which
 *                              the viewer's next blocks wait (and merge) on the server; one block is
 *                              always written. Default 16 KiB
 */
public record ViewerFlow(int writeBufferLowBytes, int writeBufferHighBytes, int socketSendBufferBytes,
                         long outboundBudgetBytes, long slowTimeoutMs, long ackLagMs, int ackWindowBytes) {

    /** The defaults users get. */
    public static ViewerFlow defaults() {
        return new ViewerFlow(64 * 1024, 256 * 1024, 0, 0, 15_000, 500, 16 * 1024);
    }

    public ViewerFlow withWriteBufferLowBytes(int value) {
        return new ViewerFlow(value, writeBufferHighBytes, socketSendBufferBytes, outboundBudgetBytes, slowTimeoutMs,
                ackLagMs, ackWindowBytes);
    }

    public ViewerFlow withWriteBufferHighBytes(int value) {
        return new ViewerFlow(writeBufferLowBytes, value, socketSendBufferBytes, outboundBudgetBytes, slowTimeoutMs,
                ackLagMs, ackWindowBytes);
    }

    public ViewerFlow withSocketSendBufferBytes(int value) {
        return new ViewerFlow(writeBufferLowBytes, writeBufferHighBytes, value, outboundBudgetBytes, slowTimeoutMs,
                ackLagMs, ackWindowBytes);
    }

    public ViewerFlow withOutboundBudgetBytes(long value) {
        return new ViewerFlow(writeBufferLowBytes, writeBufferHighBytes, socketSendBufferBytes, value, slowTimeoutMs,
                ackLagMs, ackWindowBytes);
    }

    public ViewerFlow withSlowTimeoutMs(long value) {
        return new ViewerFlow(writeBufferLowBytes, writeBufferHighBytes, socketSendBufferBytes, outboundBudgetBytes,
                value, ackLagMs, ackWindowBytes);
    }

    public ViewerFlow withAckLagMs(long value) {
        return new ViewerFlow(writeBufferLowBytes, writeBufferHighBytes, socketSendBufferBytes, outboundBudgetBytes,
                slowTimeoutMs, value, ackWindowBytes);
    }

    public ViewerFlow withAckWindowBytes(int value) {
        return new ViewerFlow(writeBufferLowBytes, writeBufferHighBytes, socketSendBufferBytes, outboundBudgetBytes,
                slowTimeoutMs, ackLagMs, value);
    }

    /** @throws IllegalArgumentException naming the field ({@code TcpConfig.<field>}) and what it must be */
    void validate() {
        positive("writeBufferLowBytes", writeBufferLowBytes);
        check(outboundBudgetBytes >= 0, "outboundBudgetBytes", "must not be negative (0: automatic)");
        check(writeBufferLowBytes <= writeBufferHighBytes, "writeBufferLowBytes",
                "must not be above writeBufferHighBytes (" + writeBufferLowBytes + " > " + writeBufferHighBytes + ")");
        check(socketSendBufferBytes >= 0, "socketSendBufferBytes", "must not be negative");
        positive("slowTimeoutMs", slowTimeoutMs);
        check(ackLagMs >= 0, "ackLagMs", "must not be negative (0: acks off)");
        positive("ackWindowBytes", ackWindowBytes);
    }
}
