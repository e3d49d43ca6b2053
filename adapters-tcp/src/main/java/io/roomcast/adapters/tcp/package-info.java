/**
 * Netty long-connection adapter: TLS, varint-framed protobuf frames, heartbeats, resume by cursor,
 * block fan-out with per-connection backpressure.
 *
 * <p>Public face: {@link io.roomcast.adapters.tcp.TcpConfig}, {@link io.roomcast.adapters.tcp.TcpModule},
 * {@link io.roomcast.adapters.tcp.TcpServer}; everything else is package-private.
 *
 * <p>The push path: {@code RoomFanout} (the {@code Fanout} port) hands each stored message to the
 * {@code RoomLane} of its room on one event loop (the room's shard), which drives the domain's
 * block window with the loop's scheduler. A drained window is encoded once ({@code EncodedBlock})
 * and handed with one task to each event loop that holds viewers of the room
 * ({@code LoopSubscribers}); each viewer's {@code SessionHandler} writes a retained duplicate of
 * the same bytes, or holds it in its bounded {@code PendingBlocks} while it is not writable, and
 * each loop flushes once per turn. {@code ByteBuf}s never leave this package.
 */
package io.roomcast.adapters.tcp;
