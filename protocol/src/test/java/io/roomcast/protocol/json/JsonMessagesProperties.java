package io.roomcast.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.MessageArbitraries;
import io.roomcast.protocol.codec.BlockCodec;
import io.roomcast.protocol.codec.MessageCodec;
import io.roomcast.protocol.codec.PollCodec;
import io.roomcast.protocol.v1.ErrorBody;
import io.roomcast.protocol.v1.ErrorResponse;
import io.roomcast.protocol.v1.PollResponse;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class JsonMessagesProperties {
    // One writer for all tries: every answer starts with reset, as on a server thread.
    private final JsonMessages json = new JsonMessages(64);

    @Property
    void anyMessage_isJsonFormatOutputWithTheDocumentedLiberties(@ForAll("messages") Message m) {
        String written = json.reset().message(m).toString();

        assertThat(written).isEqualTo(JsonFormatExpectations.expected(MessageCodec.toProto(m), List.of(m)));
        assertThat(JsonFormatExpectations.parse(written, List.of(m), null,
                io.roomcast.protocol.v1.Message.newBuilder()).build()).isEqualTo(MessageCodec.toProto(m));
    }

    @Property(tries = 300)
    void anyPoll_matchesJsonFormatAndParsesBack(@ForAll("pollMessages") List<Message> messages,
                                                @ForAll("cursors") Cursor cursor,
                                                @ForAll("pollAfter") int pollAfterMs,
                                                @ForAll("skipCounts") SkipCounts skipped,
                                                @ForAll boolean reset, @ForAll boolean more) {
        String written = json.reset().poll(messages, cursor, pollAfterMs, skipped, reset, more).toString();

        PollResponse proto = PollCodec.toProto(messages, cursor, pollAfterMs, skipped, reset, more);
        String expected = JsonFormatExpectations.expected(proto, messages);
        if (messages.isEmpty()) {
            // JsonFormat leaves an empty list out; the writer always writes it.
            expected = "{\"messages\":[]," + expected.substring(1);
        }
        assertThat(written).isEqualTo(expected);
        assertThat(JsonFormatExpectations.parse(written, messages, "messages", PollResponse.newBuilder()).build())
                .isEqualTo(proto);
    }

    @Property(tries = 300)
    void anyBlockWithEntries_matchesJsonFormat(@ForAll("blocks") Block block) {
        String written = json.reset().block(block).toString();

        if (block.entries().isEmpty()) {
            assertThat(written).contains("\"entries\":[]");
        } else {
            assertThat(written).isEqualTo(JsonFormatExpectations.expected(BlockCodec.toProto(block), block.entries()));
        }
        assertThat(JsonFormatExpectations.parse(written, block.entries(), "entries",
                io.roomcast.protocol.v1.Block.newBuilder()).build()).isEqualTo(BlockCodec.toProto(block));
    }

    @Property(tries = 2000)
    void anyText_isEscapedExactlyAsJsonFormatAndReadsBack(@ForAll("text") String text)
            throws InvalidProtocolBufferException {
        String written = json.reset().error("CODE", text).toString();

        com.google.gson.JsonObject error = JsonParser.parseString(written).getAsJsonObject().getAsJsonObject("error");
        if (text.isEmpty()) {
            assertThat(error.has("message")).isFalse();
        } else {
            assertThat(error.get("message").getAsString()).isEqualTo(text);
        }
        if (MessageArbitraries.wellFormed(text)) {
            assertThat(written).isEqualTo(JsonFormatExpectations.withoutHtmlEscapes(JsonFormat.printer()
                    .omittingInsignificantWhitespace().print(ErrorResponse.newBuilder()
                            .setError(ErrorBody.newBuilder().setCode("CODE").setMessage(text)).build())));
        }
    }

    @Provide
    Arbitrary<Message> messages() {
        return MessageArbitraries.messages();
    }

    @Provide
    Arbitrary<List<Message>> pollMessages() {
        return MessageArbitraries.messages().list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<Block> blocks() {
        return MessageArbitraries.blocks();
    }

    @Provide
    Arbitrary<Cursor> cursors() {
        return MessageArbitraries.cursors();
    }

    @Provide
    Arbitrary<SkipCounts> skipCounts() {
        return MessageArbitraries.skipCounts();
    }

    @Provide
    Arbitrary<Integer> pollAfter() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(MessageArbitraries.anyText(),
                Arbitraries.strings().withChars("\"\\<>&='\u2028\u2029\u007f\u0000\n\t\u00e9\ud83c\udf81")
                        .ofMaxLength(20));
    }
}
