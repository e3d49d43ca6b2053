package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.roomcast.application.push.PushService;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.Ack;
import io.roomcast.protocol.v1.ClientFrame;
import io.roomcast.protocol.v1.Hello;
import io.roomcast.protocol.v1.Join;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.testing.FuzzInputs;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing what a long connection reads: the frame decoder, and the whole session pipeline for a
 * connection's first bytes (decoder, protobuf, session handler over the real push core), with the
 * committed corpus ({@code fuzz/client-frames.corpus}) mutated and with random bytes, fed in
 * random chunk sizes. The decoder emits only bodies within the limit or fails with a bad-frame
 * exception; the session never lets an exception escape, answers only well-formed frames,
 * welcomes at most once, never answers INTERNAL, and leaks no buffer (paranoid leak detection).
 * Tries: {@code -Djqwik.tries.default} (see {@code scripts/fuzz.sh}).
 */
class LongConnectionFuzzProperties {
    private static final int MAX_FRAME = 1_024;
    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>(FuzzInputs.corpus("client-frames"));
        byte[] hello = Frames.encode(ClientFrame.newBuilder().setHello(Hello.newBuilder()
                .setToken(TestTokens.valid("fuzz")).setRoomId("r1").setCursor("0").setAcks(true)).build());
        byte[] join = Frames.encode(ClientFrame.newBuilder().setJoin(Join.newBuilder().setRoomId("r2")).build());
        byte[] ack = Frames.encode(ClientFrame.newBuilder().setAck(Ack.newBuilder().setBlocks(1)).build());
        seeds.add(hello);
        seeds.add(concat(hello, join, ack));
        return List.copyOf(seeds);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.longs()).as(FuzzInputs::mutate);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, mutated), net.jqwik.api.Tuple.of(1, random));
    }

    private static List<ByteBuf> chunks(byte[] input, int chunk) {
        List<ByteBuf> out = new ArrayList<>();
        for (int i = 0; i < input.length; i += chunk) {
            out.add(Unpooled.wrappedBuffer(Arrays.copyOfRange(input, i, Math.min(input.length, i + chunk))));
        }
        return out;
    }

    @Property
    void frameDecoder_anyBytesInAnyChunks_emitsBodiesWithinTheLimit_orFailsAsABadFrame(
            @ForAll("inputs") byte[] input, @ForAll @IntRange(min = 1, max = 17) int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
        boolean failed = false;
        for (ByteBuf piece : chunks(input, chunk)) {
            // Frames complete before the bad one in the same chunk are still emitted.
            boolean failedBefore = failed;
            try {
                ch.writeInbound(piece);
            } catch (DecoderException e) {
                assertThat(failed).as("one failure, then every byte is discarded").isFalse();
                assertThat(e).isInstanceOfAny(CorruptedFrameException.class, TooLongFrameException.class);
                failed = true;
            }
            for (ByteBuf body; (body = ch.readInbound()) != null; ) {
                // An empty body is emitted too: the session refuses it as a bad frame.
                int size = body.readableBytes();
                body.release();
                assertThat(failedBefore).as("nothing emitted after a failure").isFalse();
                assertThat(size).isBetween(0, MAX_FRAME);
            }
        }
        ch.finishAndReleaseAll();
    }

    @Property
    void session_anyFirstBytesInAnyChunks_neverThrows_answersWellFormedFrames_welcomesAtMostOnce(
            @ForAll("inputs") byte[] input, @ForAll @IntRange(min = 1, max = 17) int chunk) {
        ManualClock clock = new ManualClock();
        Backend backend = new Backend(clock, Backend.rules(500, 0));
        backend.publish("r1", Category.GIFT, Priority.HIGH, "{\"seed\":1}");
        TcpConfig config = new TcpConfig().maxFrameBytes(MAX_FRAME).heartbeatMs(10_000);
        PushService push = backend.push(config);
        LoopOutputs outputs = new LoopOutputs();
        ArrayDeque<Runnable> blocking = new ArrayDeque<>();
        SessionServices services = new SessionServices(config, backend.sessions(push, config), push, outputs,
                new TcpMetrics(new SimpleMeterRegistry()), blocking::add, null);
        EmbeddedChannel ch = new EmbeddedChannel(ServerFrameEncoder.INSTANCE, new FrameDecoder(MAX_FRAME),
                new ProtobufDecoder(ClientFrame.getDefaultInstance()), new SessionHandler(services));
        push.start(List.of(outputs.of(ch.eventLoop()).tasks), blocking::add);
        try {
            for (ByteBuf piece : chunks(input, chunk)) {
                if (!ch.isOpen()) {
                    piece.release();
                    continue;
                }
                ch.writeInbound(piece);
                for (Runnable r; (r = blocking.poll()) != null; ) {
                    r.run();
                }
                ch.runPendingTasks();
            }
            List<ServerFrame> frames = TestFrames.written(ch);
            assertThat(frames).filteredOn(ServerFrame::hasWelcome).hasSizeLessThanOrEqualTo(1);
            assertThat(frames).filteredOn(ServerFrame::hasError).extracting(f -> f.getError().getCode())
                    .doesNotContain("INTERNAL");
        } finally {
            outputs.clear();
            ch.runPendingTasks();
            ch.finishAndReleaseAll();
            backend.close();
        }
    }

    @AfterContainer
    static void noLeaks() throws InterruptedException {
        NoLeaks.check(LongConnectionFuzzProperties.class.getSimpleName());
    }
}
