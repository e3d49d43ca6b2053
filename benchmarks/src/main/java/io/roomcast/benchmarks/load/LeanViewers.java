package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.roomcast.client.AckPacer;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.ServerFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Viewers written for load: a bare Netty pipeline (TLS if asked, then a {@link ServerFrameScanner})
 * that counts every entry and skipped count of every block without decoding blocks into objects,
 * and decodes the entries' times only on the sampled connections. It speaks the protocol of the
 * README: {@code Hello{token, room, cursor}}, {@code Ping} after each heartbeat interval without a
 * write, and after a lost connection it reconnects with backoff and the last block's cursor, so
 * nothing is lost or counted twice (ramp and reconnects: {@link NettyFleet}). With acks, it asks
 * for them in its Hello and sends {@code Ack{blocks}} at the end of a read at most every
 * {@code Welcome.ack_ms}, a timer sending what a quiet spell leaves unacknowledged.
 *
 * <p>With {@code webSocket} the same viewer goes to {@code /api/v1/ws} on the HTTP port through
 * {@link WebSocketFraming}, which turns WebSocket messages into this framing and back.
 *
 * <p>TLS handshakes are full ones: the handler is made without the peer's host and port, so the
 * JDK keeps no session to resume, as 10,000 different phones would not share one.
 *
 * <p>Thread-safe: {@link #open} runs a ramp thread; each connection's handler runs on its event loop.
 */
final class LeanViewers extends NettyFleet {
    private static final byte[] PING = {0x02, 0x22, 0x00};

    private final SslContext ssl;
    private final boolean acks;
    private final boolean webSocket;

    /** @param ssl the client TLS context, or null for plain TCP; @param sources local addresses to spread connections over (empty: the kernel's choice) */
    LeanViewers(NettyTransport transport, SslContext ssl, List<InetSocketAddress> targets, List<InetAddress> sources,
                boolean acks, DeliveryStats stats) {
        this(transport, ssl, targets, sources, acks, false, stats);
    }

    /** @param webSocket the viewers connect to the HTTP port's {@code /api/v1/ws} ({@link WebSocketFraming}) */
    LeanViewers(NettyTransport transport, SslContext ssl, List<InetSocketAddress> targets, List<InetAddress> sources,
                boolean acks, boolean webSocket, DeliveryStats stats) {
        super(transport, targets, sources, stats);
        this.ssl = ssl;
        this.acks = acks;
        this.webSocket = webSocket;
    }

    @Override
    public String describe() {
        String wire = webSocket ? ", WebSocket on the HTTP port (binary roomcast.v1)" : ssl == null ? ", plain TCP"
                : ", TLS: " + ClientNetwork.clientTlsProvider() + ", full handshakes";
        return "lean Netty viewers (" + transport.name + wire
                + (targets.size() > 1 ? ", spread over " + targets.size() + " nodes" : "")
                + (sources.isEmpty() ? "" : ", " + sources.size() + " source addresses") + (acks ? ", acks" : "") + ")";
    }

    @Override
    protected void initChannel(Channel ch, Spec spec, int index, String cursor, int attempt) {
        if (ssl != null) {
            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
        }
        if (webSocket) {
            InetSocketAddress target = targets.get(NodeSpread.node(index, targets.size()));
            ch.pipeline().addLast("ws", new WebSocketFraming(target.getHostString() + ":" + target.getPort(), stats));
        }
        ch.pipeline().addLast("viewer", new Viewer(spec, index, cursor, attempt));
    }

    /** One connection's handler. Per-channel: it holds the connection's scanner and cursor. */
    private final class Viewer extends Connection implements ServerFrameScanner.Sink {
        private final ServerFrameScanner scanner = new ServerFrameScanner(this);
        private final Wire.Reader reader = new Wire.Reader();
        private String cursor;
        private int blockEntries;
        private Channel channel;
        private AckPacer pacer;

        Viewer(Spec spec, int index, String cursor, int attempt) {
            super(spec, index, attempt);
            this.cursor = cursor;
        }

        @Override
        protected String resumeCursor() {
            return cursor;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Hello.Builder hello = Hello.newBuilder().setToken(spec.token()).setRoomId(spec.room()).setAcks(acks);
            if (cursor != null) {
                hello.setCursor(cursor);
            }
            byte[] body = ClientFrame.newBuilder().setHello(hello).build().toByteArray();
            ByteBuf frame = ctx.alloc().buffer(body.length + 5);
            writeVarint(frame, body.length);
            frame.writeBytes(body);
            ctx.writeAndFlush(frame);
            ctx.fireChannelActive();
        }

        @Override
        protected void feed(ByteBuf in) {
            scanner.feed(in);
        }

        @Override
        public void header(ByteBuf buf, int index, int length) {
            reader.reset(buf, index, length);
            while (reader.more()) {
                int tag = reader.tag();
                if (tag == (2 << 3 | Wire.LEN)) {
                    String c = reader.string();
                    if (!c.isEmpty()) {
                        cursor = c;
                    }
                } else {
                    reader.skip(tag);
                }
            }
        }

        @Override
        public void entry(ByteBuf buf, int index, int length) {
            blockEntries++;
            if (spec.sampled()) {
                stats.sampleEntry(reader, buf, index, length, nowMicros, node);
            }
        }

        @Override
        public void skipped(ByteBuf buf, int index, int length) {
            stats.addSkipped(reader, buf, index, length);
        }

        @Override
        public void blockEnd() {
            stats.blocks.increment();
            stats.entries.add(blockEntries);
            blockEntries = 0;
            if (pacer != null) {
                pacer.blockTaken();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (pacer != null) {
                pacer.readDone(ctx);
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void otherFrame(ByteBuf buf, int index, int length) {
            ServerFrame frame;
            try {
                frame = ServerFrame.parseFrom(buf.nioBuffer(index, length));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                stats.error("undecodable frame");
                return;
            }
            switch (frame.getFrameCase()) {
                case WELCOME -> welcome(frame);
                case PONG -> stats.pongs.increment();
                case ERROR -> stats.error(frame.getError().getCode());
                case GO_AWAY -> stats.goAways.increment();
                default -> {
                    // Nothing else is sent outside blocks.
                }
            }
        }

        private void welcome(ServerFrame frame) {
            sessionOpened();
            if (!frame.getWelcome().getCursor().isEmpty()) {
                cursor = frame.getWelcome().getCursor();
            }
            Channel ch = channel;
            if (acks && ch != null && pacer == null) {
                ChannelHandlerContext ctx = ch.pipeline().context(this);
                pacer = new AckPacer(blocks -> ctx.writeAndFlush(ackFrame(ctx, blocks)));
                pacer.every(frame.getWelcome().getAckMs());
            }
            long heartbeat = Math.max(100, frame.getWelcome().getHeartbeatMs());
            if (ch != null && ch.pipeline().get("heartbeat") == null) {
                ch.pipeline().addBefore("viewer", "heartbeat", new IdleStateHandler(0, heartbeat, 0, TimeUnit.MILLISECONDS));
            }
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
                stats.pings.increment();
                ctx.writeAndFlush(Unpooled.wrappedBuffer(PING));
            }
            ctx.fireUserEventTriggered(event);
        }
    }

    /** {@code ClientFrame{ack: Ack{blocks}}} with its length prefix. */
    private static ByteBuf ackFrame(ChannelHandlerContext ctx, long blocks) {
        ByteBuf frame = ctx.alloc().buffer(16);
        int ackLength = 1 + varintSize(blocks);
        writeVarint(frame, 2 + ackLength);
        frame.writeByte(5 << 3 | Wire.LEN);
        frame.writeByte(ackLength);
        frame.writeByte(1 << 3);
        writeVarint(frame, blocks);
        return frame;
    }

    private static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7fL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    static void writeVarint(ByteBuf out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.writeByte((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }
}
