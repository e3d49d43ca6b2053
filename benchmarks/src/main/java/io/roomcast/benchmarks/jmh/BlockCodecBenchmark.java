package io.roomcast.benchmarks.jmh;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.domain.block.Block;
import io.roomcast.protocol.codec.BlockCodec;
import io.roomcast.protocol.json.JsonMessages;
import io.roomcast.protocol.v1.ServerFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of one block of {@code entries} messages of the {@link LiveTraffic} mix,
 * made by the real merge (render budget off), protobuf against JSON of the same content:
 * <ul>
 *   <li>{@code encodeProtoFrame}: the push path's one encode per block per room, domain block
 *       to the complete {@code ServerFrame} bytes with their varint32 prefix
 *       ({@link BlockCodec#encodeFrame}). {@code encodeJson}: the same block as wire JSON with
 *       {@link JsonMessages#block} into a reused buffer.</li>
 *   <li>{@code decodeProto}: a client's read of the frame, prefix and {@code ServerFrame} parse;
 *       {@code decodeJsonFormat}: UTF-8 bytes of the canonical proto3 JSON of the same
 *       {@code roomcast.v1.Block} to a {@code Block} with {@code JsonFormat.parser()}.</li>
 *   <li>{@code decodeProtoToDomain}: the frame to a validated domain {@link Block}
 *       ({@link BlockCodec#fromProto}); no JSON twin (roomcast does not read JSON blocks).</li>
 *   <li>{@code decodeJsonTree}: UTF-8 bytes of the wire JSON to a Gson tree.</li>
 * </ul>
 * Sizes per message, merged and one by one: {@code EncodingSizes}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {
    JvmFlags.EXPORTS_JDK_INTERNAL_REF, JvmFlags.EXPORTS_SUN_NIO_CH, JvmFlags.EXPORTS_SUN_MISC,
    JvmFlags.EXPORTS_JAVAC_FILE, JvmFlags.OPENS_JAVAC, JvmFlags.OPENS_JAVA_LANG, JvmFlags.OPENS_JAVA_LANG_REFLECT,
    JvmFlags.OPENS_JAVA_IO, JvmFlags.OPENS_JAVA_UTIL, JvmFlags.OPENS_JAVA_NIO, JvmFlags.OPENS_SUN_NIO_CH,
    JvmFlags.CHRONICLE_ANALYTICS_OFF})
public class BlockCodecBenchmark {

    @Param({"50"})
    int entries;

    private Block block;
    private byte[] frame;
    private byte[] wireJson;
    private byte[] canonicalJson;
    private final JsonMessages json = new JsonMessages();
    private final JsonFormat.Parser parser = JsonFormat.parser();

    @Setup
    public void setUp() throws IOException {
        block = new LiveTraffic(42).mergedBlock(entries);
        frame = BlockCodec.encodeFrame(block);
        wireJson = JsonForms.wire(block);
        canonicalJson = JsonForms.canonical(BlockCodec.toProto(block));
        if (!BlockCodec.fromProto(decodeProto().getBlock()).equals(block)) {
            throw new IllegalStateException("protobuf round trip changed the block");
        }
    }

    @Benchmark
    public byte[] encodeProtoFrame() {
        return BlockCodec.encodeFrame(block);
    }

    /** Returns the buffer; its first {@code length()} bytes are the block. */
    @Benchmark
    public byte[] encodeJson() {
        return json.reset().block(block).array();
    }

    @Benchmark
    public ServerFrame decodeProto() throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(frame);
        int size = in.readRawVarint32();
        return ServerFrame.parser().parseFrom(frame, in.getTotalBytesRead(), size);
    }

    @Benchmark
    public Block decodeProtoToDomain() throws IOException {
        return BlockCodec.fromProto(decodeProto().getBlock());
    }

    @Benchmark
    public io.roomcast.protocol.v1.Block decodeJsonFormat() throws InvalidProtocolBufferException {
        io.roomcast.protocol.v1.Block.Builder into = io.roomcast.protocol.v1.Block.newBuilder();
        parser.merge(new String(canonicalJson, StandardCharsets.UTF_8), into);
        return into.build();
    }

    @Benchmark
    public JsonElement decodeJsonTree() {
        return JsonParser.parseString(new String(wireJson, StandardCharsets.UTF_8));
    }
}
