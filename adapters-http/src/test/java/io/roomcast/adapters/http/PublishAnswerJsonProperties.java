package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.roomcast.protocol.v1.PublishBatchResponse;
import io.roomcast.protocol.v1.PublishResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link PublishAnswerJson} prints every answer byte for byte as protobuf's {@code JsonFormat} does
 * (accepted, discarded and duplicate answers; empty fields; texts it writes itself and texts it
 * leaves to {@code JsonFormat}), one answer or a batch.
 */
class PublishAnswerJsonProperties {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    @Provide
    Arbitrary<PublishResponse> answers() {
        Arbitrary<String> texts = Arbitraries.oneOf(
                Arbitraries.of("", "m-18c2f9a1b2c3d4e5", "k2f9q1-42", "accepted", "discarded", "age", "HIGH", "CRITICAL"),
                Arbitraries.strings().withChars("abcXYZ019_.:-").ofMaxLength(30),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<Long> times = Arbitraries.oneOf(Arbitraries.of(0L, 1L, 1_764_288_000_123L, Long.MAX_VALUE, -5L),
                Arbitraries.longs());
        return Combinators.combine(texts, texts, texts, texts, texts, times).as((id, cursor, status, reason, priority, at) ->
                PublishResponse.newBuilder().setId(id).setCursor(cursor).setStatus(status).setReason(reason)
                        .setPriority(priority).setCreatedAt(at).build());
    }

    @Property
    void oneAnswer_isPrintedAsJsonFormatPrintsIt(@ForAll("answers") PublishResponse answer) throws Exception {
        assertThat(new String(PublishAnswerJson.of(answer), StandardCharsets.UTF_8)).isEqualTo(PRINTER.print(answer));
    }

    @Property
    void aBatch_isPrintedAsJsonFormatPrintsIt(@ForAll("batches") List<PublishResponse> answers) throws Exception {
        PublishBatchResponse batch = PublishBatchResponse.newBuilder().addAllResults(answers).build();
        assertThat(new String(PublishAnswerJson.of(batch), StandardCharsets.UTF_8)).isEqualTo(PRINTER.print(batch));
    }

    @Provide
    Arbitrary<List<PublishResponse>> batches() {
        return answers().list().ofMinSize(1).ofMaxSize(6);
    }
}
