package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.BlockHeader;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.Pong;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Skipped;
import io.roomcast.protocol.v1.Welcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServerFrameScannerTest {

    /** Records what the scanner hands over. */
    private static final class Recorder implements ServerFrameScanner.Sink {
        final Wire.Reader reader = new Wire.Reader();
        final List<String> cursors = new ArrayList<>();
        final List<Long> publishedAt = new ArrayList<>();
        final List<ServerFrame> others = new ArrayList<>();
        final DeliveryStats stats = new DeliveryStats();
        int entries;
        int blocks;

        @Override
        public void header(ByteBuf buf, int index, int length) {
            reader.reset(buf, index, length);
            while (reader.more()) {
                int tag = reader.tag();
                if (tag >>> 3 == 2) {
                    cursors.add(reader.string());
                } else {
                    reader.skip(tag);
                }
            }
        }

        @Override
        public void entry(ByteBuf buf, int index, int length) {
            entries++;
            try {
                Message m = Message.parseFrom(buf.nioBuffer(index, length));
                publishedAt.add(Payloads.publishedAt(Unpooled.wrappedBuffer(m.getPayload().toByteArray()), 0, m.getPayload().size()));
            } catch (IOException e) {
                throw new AssertionError("an entry's bytes are not a Message", e);
            }
        }

        @Override
        public void skipped(ByteBuf buf, int index, int length) {
            stats.addSkipped(reader, buf, index, length);
        }

        @Override
        public void blockEnd() {
            blocks++;
        }

        @Override
        public void otherFrame(ByteBuf buf, int index, int length) {
            try {
                others.add(ServerFrame.parseFrom(buf.nioBuffer(index, length)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static ServerFrame block(String cursor, int entries, long firstT, int budget, int age) {
        Block.Builder b = Block.newBuilder().setHeader(BlockHeader.newBuilder().setRoomId("r1").setCursor(cursor).setSentAt(5));
        for (int i = 0; i < entries; i++) {
            b.addEntries(Message.newBuilder().setId("m" + i).setPayload(ByteString.copyFrom(
                    Payloads.json(firstT + i, 100), StandardCharsets.UTF_8)).setCreatedAt(1_000 + i).setSentAt(2_000));
        }
        b.setSkipped(Skipped.newBuilder().setBudget(budget).setAge(age));
        return ServerFrame.newBuilder().setBlock(b).build();
    }

    private static byte[] stream(ServerFrame... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ServerFrame f : frames) {
            f.writeDelimitedTo(out);
        }
        return out.toByteArray();
    }

    private static byte[] sample() throws IOException {
        return stream(
                ServerFrame.newBuilder().setWelcome(Welcome.newBuilder().setSessionId("s1").setHeartbeatMs(30_000).setCursor("9-3")).build(),
                block("10-4", 3, 1_000_000, 2, 1),
                ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build(),
                block("11-9", 40, 2_000_000, 0, 0),
                ServerFrame.newBuilder().setError(Error.newBuilder().setCode("SLOW").setMessage("read faster")).build());
    }

    private static void assertSample(Recorder r) {
        assertThat(r.blocks).isEqualTo(2);
        assertThat(r.entries).isEqualTo(43);
        assertThat(r.cursors).containsExactly("10-4", "11-9");
        assertThat(r.publishedAt).hasSize(43).startsWith(1_000_000L, 1_000_001L, 1_000_002L, 2_000_000L).endsWith(2_000_039L);
        assertThat(r.stats.skippedCounts()).containsExactly(0, 1, 2, 0);
        assertThat(r.others).extracting(ServerFrame::getFrameCase)
                .containsExactly(ServerFrame.FrameCase.WELCOME, ServerFrame.FrameCase.PONG, ServerFrame.FrameCase.ERROR);
        assertThat(r.others.get(2).getError().getCode()).isEqualTo("SLOW");
    }

    @Test
    void givenFramesInOneRead_scan_handsOverEveryPart() throws IOException {
        Recorder r = new Recorder();
        ByteBuf in = Unpooled.wrappedBuffer(sample());
        new ServerFrameScanner(r).feed(in);
        assertThat(in.isReadable()).isFalse();
        assertSample(r);
    }

    @Test
    void givenTheStreamCutInTwoAtEveryByte_scan_handsOverTheSameParts() throws IOException {
        byte[] bytes = sample();
        for (int cut = 0; cut <= bytes.length; cut++) {
            Recorder r = new Recorder();
            ServerFrameScanner scanner = new ServerFrameScanner(r);
            scanner.feed(Unpooled.wrappedBuffer(bytes, 0, cut));
            scanner.feed(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));
            assertSample(r);
        }
    }

    @Test
    void givenOneByteAtATime_scan_handsOverTheSameParts() throws IOException {
        byte[] bytes = sample();
        Recorder r = new Recorder();
        ServerFrameScanner scanner = new ServerFrameScanner(r);
        for (int i = 0; i < bytes.length; i++) {
            scanner.feed(Unpooled.wrappedBuffer(bytes, i, 1));
        }
        assertSample(r);
    }

    @Test
    void givenRandomReadSizes_scan_handsOverTheSameParts() throws IOException {
        byte[] bytes = sample();
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            Recorder r = new Recorder();
            ServerFrameScanner scanner = new ServerFrameScanner(r);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(300));
                scanner.feed(Unpooled.wrappedBuffer(bytes, at, n));
                at += n;
            }
            assertSample(r);
        }
    }

    @Test
    void givenAnEmptyBlock_scan_endsTheBlockWithoutEntries() throws IOException {
        Recorder r = new Recorder();
        new ServerFrameScanner(r).feed(Unpooled.wrappedBuffer(stream(ServerFrame.newBuilder().setBlock(Block.getDefaultInstance()).build(),
                ServerFrame.newBuilder().setPong(Pong.getDefaultInstance()).build())));
        assertThat(r.blocks).isEqualTo(1);
        assertThat(r.entries).isZero();
        assertThat(r.others).hasSize(1);
    }

    @Test
    void givenALengthPrefixOverTheLimit_scan_failsTheConnection() {
        ByteBuf in = Unpooled.buffer();
        LeanViewers.writeVarint(in, (int) ServerFrameScanner.MAX_FRAME_BYTES + 1);
        assertThatThrownBy(() -> new ServerFrameScanner(new Recorder()).feed(in)).isInstanceOf(CorruptedFrameException.class);
    }
}
