package io.roomcast.adapters.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.benchmarks.jmh.JvmFlags;
import io.roomcast.protocol.v1.PublishBatchResponse;
import io.roomcast.protocol.v1.PublishResponse;
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
 * Parsing a JSON publish batch of 100 gift messages (100-byte payloads) into commands, as the
 * publish endpoint does: UTF-8 check, strict parse, per-field checks, mapping, validation. With
 * {@code form=plain} the body takes the one pass ({@code PublishJsonStream}); with {@code form=exponent}
 * each item's {@code giftValue} is written {@code 1e2}, which the one pass leaves to the tree at the
 * first item, and the tree's direct mapping leaves to protobuf's {@code JsonFormat} (each item written out and
 * parsed a second time), so the two rows compare the fastest and the slowest path on the same content.
 * {@code -prof gc} gives the bytes allocated per batch. {@code answerJson} and
 * {@code answerJsonFormat} print the batch's JSON answer (100 accepted results) as the endpoint
 * does and as protobuf's {@code JsonFormat} did before (the same bytes).
 *
 * <p>In this package (not {@code io.roomcast.benchmarks.jmh}) to reach the package-private parser
 * without widening the HTTP adapter's API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The suite's one flag list (JvmFlagsTest holds every benchmark to it), though this one needs none of it.
@Fork(value = 2, jvmArgsAppend = {
    JvmFlags.EXPORTS_JDK_INTERNAL_REF, JvmFlags.EXPORTS_SUN_NIO_CH, JvmFlags.EXPORTS_SUN_MISC,
    JvmFlags.EXPORTS_JAVAC_FILE, JvmFlags.OPENS_JAVAC, JvmFlags.OPENS_JAVA_LANG, JvmFlags.OPENS_JAVA_LANG_REFLECT,
    JvmFlags.OPENS_JAVA_IO, JvmFlags.OPENS_JAVA_UTIL, JvmFlags.OPENS_JAVA_NIO, JvmFlags.OPENS_SUN_NIO_CH,
    JvmFlags.CHRONICLE_ANALYTICS_OFF})
public class PublishParseBenchmark {
    private static final int ITEMS = 100;
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    @Param({"plain", "exponent"})
    String form;

    private final PublishRequests requests = new PublishRequests(8 * 1024);
    private byte[] body;
    private PublishBatchResponse answer;

    @Setup
    public void setUp() {
        String value = form.equals("plain") ? "100" : "1e2";
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < ITEMS; i++) {
            b.append(i == 0 ? "" : ",").append("{\"scope\":\"room\",\"roomId\":\"hot\",\"category\":\"GIFT\",\"giftValue\":")
                    .append(value).append(",\"senderId\":\"u").append(i).append("\",\"payload\":{\"gift\":\"rose\",\"n\":")
                    .append(i).append(",\"pad\":\"").append("x".repeat(60)).append("\"}}");
        }
        body = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
        PublishBatchResponse.Builder answers = PublishBatchResponse.newBuilder();
        for (int i = 0; i < ITEMS; i++) {
            answers.addResults(PublishResponse.newBuilder().setId("m-18c2f9a1b2c3" + (1000 + i)).setCursor("k2f9q1-" + (42 + i))
                    .setStatus("accepted").setPriority("HIGH").setCreatedAt(1_764_288_000_123L + i));
        }
        answer = answers.build();
        if (requests.fromJson(body).commands().size() != ITEMS) {
            throw new IllegalStateException("the batch did not parse into " + ITEMS + " commands");
        }
    }

    @Benchmark
    public PublishRequests.Parsed parseBatch() {
        return requests.fromJson(body);
    }

    @Benchmark
    public byte[] answerJson() throws InvalidProtocolBufferException {
        return PublishAnswerJson.of(answer);
    }

    @Benchmark
    public String answerJsonFormat() throws InvalidProtocolBufferException {
        return PRINTER.print(answer);
    }
}
