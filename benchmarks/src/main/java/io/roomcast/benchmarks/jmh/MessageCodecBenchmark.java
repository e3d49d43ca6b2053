package io.roomcast.benchmarks.jmh;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.domain.message.Message;
import io.roomcast.protocol.codec.MessageCodec;
import io.roomcast.protocol.json.JsonMessages;
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
 * Encode and decode of one message (a gift, a chat line or a PK score, as delivered: stored,
 * with {@code sentAt}), protobuf against JSON of the same content. What each pair compares:
 * <ul>
 *   <li>{@code encodeProto}: domain message to the bytes of one {@code roomcast.v1.Message}
 *       ({@link MessageCodec#encode}: a builder, then an exact-size array).
 *       {@code encodeJson}: the same message to wire JSON with {@link JsonMessages}, into the
 *       writer's reused buffer as the HTTP adapter does (no copy out; the bytes are valid until
 *       the next write).</li>
 *   <li>{@code decodeProto}: bytes to a {@code roomcast.v1.Message} (parse only), against
 *       {@code decodeJsonFormat}: UTF-8 bytes of the canonical proto3 JSON of the same proto to a
 *       {@code roomcast.v1.Message} with {@code JsonFormat.parser()}. Same input content, same
 *       output object.</li>
 *   <li>{@code decodeProtoToDomain}: bytes to a validated domain {@link Message}
 *       ({@link MessageCodec#decode}), the store's read path. roomcast has no JSON-to-domain
 *       decoder (it only writes JSON), so it has no JSON twin.</li>
 *   <li>{@code decodeJsonTree}: UTF-8 bytes of the wire JSON (what a client receives) to a Gson
 *       tree: what a generic JSON client does before it reads any field. Not comparable to a proto
 *       parse field by field, but it is the cost a JSON consumer of roomcast pays.</li>
 * </ul>
 * Sizes of each form: {@code EncodingSizes}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {
    JvmFlags.EXPORTS_JDK_INTERNAL_REF, JvmFlags.EXPORTS_SUN_NIO_CH, JvmFlags.EXPORTS_SUN_MISC,
    JvmFlags.EXPORTS_JAVAC_FILE, JvmFlags.OPENS_JAVAC, JvmFlags.OPENS_JAVA_LANG, JvmFlags.OPENS_JAVA_LANG_REFLECT,
    JvmFlags.OPENS_JAVA_IO, JvmFlags.OPENS_JAVA_UTIL, JvmFlags.OPENS_JAVA_NIO, JvmFlags.OPENS_SUN_NIO_CH,
    JvmFlags.CHRONICLE_ANALYTICS_OFF})
public class MessageCodecBenchmark {

    @Param({"GIFT", "CHAT", "PK"})
    SampleKind kind;

    private Message message;
    private byte[] proto;
    private byte[] wireJson;
    private byte[] canonicalJson;
    private final JsonMessages json = new JsonMessages();
    private final JsonFormat.Parser parser = JsonFormat.parser();

    @Setup
    public void setUp() {
        message = kind.delivered(new LiveTraffic(42));
        proto = MessageCodec.encode(message);
        wireJson = JsonForms.wire(message);
        canonicalJson = JsonForms.canonical(MessageCodec.toProto(message));
        if (!MessageCodec.decode(proto).equals(message)) {
            throw new IllegalStateException("protobuf round trip changed " + message);
        }
    }

    @Benchmark
    public byte[] encodeProto() {
        return MessageCodec.encode(message);
    }

    /** Returns the buffer; its first {@code length()} bytes are the answer. */
    @Benchmark
    public byte[] encodeJson() {
        return json.reset().message(message).array();
    }

    @Benchmark
    public io.roomcast.protocol.v1.Message decodeProto() throws InvalidProtocolBufferException {
        return io.roomcast.protocol.v1.Message.parseFrom(proto);
    }

    @Benchmark
    public Message decodeProtoToDomain() {
        return MessageCodec.decode(proto);
    }

    @Benchmark
    public io.roomcast.protocol.v1.Message decodeJsonFormat() throws InvalidProtocolBufferException {
        io.roomcast.protocol.v1.Message.Builder into = io.roomcast.protocol.v1.Message.newBuilder();
        parser.merge(new String(canonicalJson, StandardCharsets.UTF_8), into);
        return into.build();
    }

    @Benchmark
    public JsonElement decodeJsonTree() {
        return JsonParser.parseString(new String(wireJson, StandardCharsets.UTF_8));
    }
}
