package io.roomcast.adapters.tcp;

import static io.roomcast.adapters.tcp.ConfigChecks.check;
import static io.roomcast.adapters.tcp.ConfigChecks.positive;

import java.util.Arrays;

/**
 * The long-connection server's threads: the Netty transport its I/O threads use, how many there
 * are, and the pool for work that may block. Immutable; checked, as the rest of the settings, by
 * {@link TcpConfig#validate()}.
 *
 * @param transport       Netty transport; default {@link Transport#AUTO}
 * @param ioThreads       Netty I/O threads; 0 (default): twice the cores
 * @param blockingThreads threads for token checks and resume reads, which may block on the store. Default 4
 */
public record ServerThreads(Transport transport, int ioThreads, int blockingThreads) {

    /** Which Netty transport to use. */
    public enum Transport {
        /** Epoll when the native library loads (Linux x86_64), NIO otherwise. */
        AUTO,
        /** Epoll or fail at start. */
        EPOLL,
        /** Java NIO. */
        NIO
    }

    /** The defaults users get. */
    public static ServerThreads defaults() {
        return new ServerThreads(Transport.AUTO, 0, 4);
    }

    public ServerThreads withTransport(Transport value) {
        return new ServerThreads(value, ioThreads, blockingThreads);
    }

    public ServerThreads withIoThreads(int value) {
        return new ServerThreads(transport, value, blockingThreads);
    }

    public ServerThreads withBlockingThreads(int value) {
        return new ServerThreads(transport, ioThreads, value);
    }

    /** @throws IllegalArgumentException naming the field ({@code TcpConfig.<field>}) and what it must be */
    void validate() {
        check(ioThreads >= 0, "ioThreads", "must not be negative (0: twice the cores)");
        positive("blockingThreads", blockingThreads);
        check(transport != null, "transport", "must be one of " + Arrays.toString(Transport.values()));
    }
}
