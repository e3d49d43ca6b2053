package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Puts a long-connection viewer on {@code /api/v1/ws}: below it the WebSocket (RFC 6455) of the
 * HTTP port, above it the long connection's own framing (varint32 length + frame), so the lean
 * viewer above runs unchanged. It opens with the upgrade request (subprotocol {@code roomcast.v1})
 * and tells the viewer the channel is active once the server has answered 101; then each binary
 * message from the server goes up as a varint32 prefix and the message's bytes (the payload is
 * passed through as it arrives, never gathered), and each frame the viewer writes goes down as one
 * masked binary message. A close message closes the channel.
 *
 * <p>The mask key is all zeros (a valid key that leaves the bytes as they are): this is a load
 * tool on loopback, not a browser behind a proxy. Messages are not fragmented by the server
 * (Undertow sends each as one frame); a fragment is counted as an error. Per-channel.
 */
final class WebSocketFraming extends ChannelDuplexHandler {
    private enum State { HANDSHAKE, HEADER, PAYLOAD, SKIP }

    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

    private final String host;
    private final DeliveryStats stats;
    private State state = State.HANDSHAKE;
    private ByteBuf carry = Unpooled.EMPTY_BUFFER;
    private long payloadLeft;

    WebSocketFraming(String host, DeliveryStats stats) {
        this.host = host;
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET /api/v1/ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: roomcast.v1\r\n\r\n";
        ctx.writeAndFlush(Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.US_ASCII)));
        // The viewer hears of the channel once the upgrade is answered.
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        ByteBuf all = carry.isReadable() ? Unpooled.wrappedBuffer(carry, in) : in;
        carry = Unpooled.EMPTY_BUFFER;
        try {
            read(ctx, all);
        } finally {
            ReferenceCountUtil.release(all);
        }
    }

    private void read(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable() && ctx.channel().isActive()) {
            switch (state) {
                case HANDSHAKE -> {
                    int end = indexOf(in, END_OF_HEADERS);
                    if (end < 0) {
                        keep(in);
                        return;
                    }
                    String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.US_ASCII);
                    in.readerIndex(end + END_OF_HEADERS.length);
                    if (!head.startsWith("HTTP/1.1 101")) {
                        stats.error("websocket upgrade refused: " + head.lines().findFirst().orElse(""));
                        ctx.close();
                        return;
                    }
                    state = State.HEADER;
                    ctx.fireChannelActive();
                }
                case HEADER -> {
                    if (!header(ctx, in)) {
                        keep(in);
                        return;
                    }
                }
                case PAYLOAD, SKIP -> {
                    int n = (int) Math.min(payloadLeft, in.readableBytes());
                    if (state == State.PAYLOAD) {
                        // Released by the viewer's channelRead.
                        ctx.fireChannelRead(in.retainedSlice(in.readerIndex(), n));
                    }
                    in.skipBytes(n);
                    payloadLeft -= n;
                    if (payloadLeft == 0) {
                        state = State.HEADER;
                    }
                }
            }
        }
    }

    /** Reads one frame header if it is all there; false when more bytes are needed. */
    private boolean header(ChannelHandlerContext ctx, ByteBuf in) {
        int at = in.readerIndex();
        if (in.readableBytes() < 2) {
            return false;
        }
        int b0 = in.getUnsignedByte(at);
        int b1 = in.getUnsignedByte(at + 1);
        int len7 = b1 & 0x7f;
        int headerBytes = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((b1 & 0x80) != 0 ? 4 : 0);
        if (in.readableBytes() < headerBytes) {
            return false;
        }
        long length = len7 == 126 ? in.getUnsignedShort(at + 2) : len7 == 127 ? in.getLong(at + 2) : len7;
        in.skipBytes(headerBytes);
        int opcode = b0 & 0x0f;
        boolean fin = (b0 & 0x80) != 0;
        payloadLeft = length;
        if (opcode == 0x8) {
            ctx.close();
            return true;
        }
        if (opcode != 0x2 || !fin) {
            if (opcode == 0x0 || !fin) {
                stats.error("fragmented websocket message");
            }
            state = length == 0 ? State.HEADER : State.SKIP;
            return true;
        }
        ByteBuf prefix = ctx.alloc().buffer(5);
        LeanViewers.writeVarint(prefix, length);
        ctx.fireChannelRead(prefix);
        state = length == 0 ? State.HEADER : State.PAYLOAD;
        return true;
    }

    private void keep(ByteBuf in) {
        carry = in.readableBytes() == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(in);
        in.skipBytes(in.readableBytes());
    }

    /** The viewer's frames (varint32 length + body, one or more per buffer), each as one masked binary message. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf in = (ByteBuf) msg;
        try {
            ByteBuf out = ctx.alloc().buffer(in.readableBytes() + 8);
            while (in.isReadable()) {
                int length = readVarint(in);
                out.writeByte(0x82);
                if (length < 126) {
                    out.writeByte(0x80 | length);
                } else {
                    out.writeByte(0x80 | 126);
                    out.writeShort(length);
                }
                out.writeInt(0);
                out.writeBytes(in, length);
            }
            ctx.write(out, promise);
        } finally {
            in.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        carry.release();
        carry = Unpooled.EMPTY_BUFFER;
    }

    private static int readVarint(ByteBuf in) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalStateException("bad varint in an outgoing frame");
    }

    private static int indexOf(ByteBuf in, byte[] needle) {
        int end = in.writerIndex() - needle.length;
        outer:
        for (int i = in.readerIndex(); i <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (in.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
