/**
 * Netty long-connection adapter: TLS, varint-framed protobuf frames, heartbeats, and the transport
 * side of the push path.
 *
 * <p>Public face: {@link io.roomcast.adapters.tcp.TcpConfig} (with its parts {@code ServerThreads},
 * {@code TlsConfig}, {@code ViewerFlow}, {@code PushLimits}), {@link io.roomcast.adapters.tcp.TcpModule},
 * {@link io.roomcast.adapters.tcp.TcpServer}; everything else is package-private.
 *
 * <p>What a viewer is sent is decided by the push core ({@code PushUseCase}, {@code PushViewer} in the
 * application); this package only implements its ports. {@code SessionHandler} is the session
 * protocol (Hello, Join/Leave, Ping, GoAway, errors); {@code ChannelOutbound} is a connection's
 * {@code ViewerSink} (write, one flush per batch of writes, writability, the stuck timer); {@code LoopOutput}
 * is the write side of one event loop (a block's bytes copied once per loop into a direct buffer,
 * shared by every viewer there as retained duplicates; one flush per connection at the end of the
 * push task that wrote it, or of the turn); {@code NettyLoop} is an event loop as the core's
 * {@code TaskLoop}. {@code ByteBuf}s never leave this package.
 */
package io.roomcast.adapters.tcp;
