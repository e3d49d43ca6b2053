package io.roomcast.adapters.tcp;

import com.google.protobuf.CodedInputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import io.roomcast.protocol.v1.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reading server frames back in unit tests. */
final class TestFrames {
    private TestFrames() {
    }

    /** One frame, prefix included; fails unless the bytes hold exactly one. */
    static ServerFrame parse(byte[] frame) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(frame);
            int length = in.readRawVarint32();
            int prefix = in.getTotalBytesRead();
            if (prefix + length != frame.length) {
                throw new AssertionError("frame of " + frame.length + " bytes announces " + length + " after " + prefix);
            }
            return ServerFrame.parseFrom(in.readRawBytes(length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every frame the channel wrote, each buffer released. */
    static List<ServerFrame> written(EmbeddedChannel ch) {
        List<ServerFrame> frames = new ArrayList<>();
        Object out;
        while ((out = ch.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) out;
            try {
                frames.add(parse(ByteBufUtil.getBytes(buf)));
            } finally {
                buf.release();
            }
        }
        return frames;
    }

    static Message stored(Message m, long seq) {
        return m.storedAt(new Position(m.createdAt(), seq));
    }

    static List<String> ids(io.roomcast.protocol.v1.Block block) {
        return block.getEntriesList().stream().map(io.roomcast.protocol.v1.Message::getId).toList();
    }
}
