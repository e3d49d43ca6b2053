package io.roomcast.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.codec.BlockCodec;
import io.roomcast.protocol.codec.MessageCodec;
import io.roomcast.protocol.codec.PollCodec;
import io.roomcast.protocol.v1.ErrorBody;
import io.roomcast.protocol.v1.ErrorResponse;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.testing.TestMessages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonMessagesTest {
    private static final String GIFT_JSON = "{\"id\":\"19ac8e0f27b4f3a9c2d1e07b55a\",\"scope\":\"SCOPE_ROOM\","
            + "\"roomId\":\"r10086\",\"category\":\"GIFT\",\"priority\":\"HIGH\",\"payload\":" + TestMessages.GIFT_PAYLOAD
            + ",\"createdAt\":1764288000123,\"cursorMillis\":1764288000123,\"cursorSeq\":4211337,"
            + "\"senderId\":\"u88431\",\"giftValue\":520,\"sentAt\":1764288000603,"
            + "\"idempotencyKey\":\"gift-88431-000917\"}";

    private final JsonMessages json = new JsonMessages();

    @Test
    void givenGift_message_writesTheDocumentedShape() {
        assertThat(json.message(TestMessages.giftWorth(520)).toString()).isEqualTo(GIFT_JSON);
    }

    @Test
    void givenBinaryUnicastStateMessage_message_writesBase64AndEveryField() {
        Message m = TestMessages.of(Scope.UNICAST, true, true, true);

        assertThat(json.message(m).toString()).isEqualTo("{\"id\":\"m-0sb\",\"scope\":\"SCOPE_USER\","
                + "\"category\":\"PK\",\"priority\":\"NORMAL\",\"payloadBase64\":\"AAEC/4AiXA==\","
                + "\"createdAt\":1764288000123,\"cursorMillis\":1764288000123,\"cursorSeq\":99,"
                + "\"senderId\":\"sys.bot\",\"sentAt\":1764288000126,\"binaryPayload\":true,"
                + "\"stateKey\":\"pk.score\",\"version\":7,\"userId\":\"viewer_42\"}");
    }

    @Test
    void givenPollAnswer_poll_writesMessagesCursorIntervalAndSkipped() {
        List<Message> messages = List.of(TestMessages.giftWorth(520));

        json.poll(messages, Cursor.parse("k2f9q1-4211337.b7x3m0-7"), 2000, new SkipCounts(3, 1, 0, 2), false, true);

        assertThat(json.toString()).isEqualTo("{\"messages\":[" + GIFT_JSON + "],\"cursor\":\"k2f9q1-4211337.b7x3m0-7\","
                + "\"pollAfterMs\":2000,\"skipped\":{\"priority\":3,\"age\":1,\"superseded\":2},\"more\":true}");
    }

    @Test
    void givenEmptyPoll_poll_stillWritesTheListAndSkipped() {
        json.poll(List.of(), Cursor.ORIGIN, 1500, SkipCounts.NONE, true, false);

        assertThat(json.toString())
                .isEqualTo("{\"messages\":[],\"cursor\":\"0\",\"pollAfterMs\":1500,\"skipped\":{},\"reset\":true}");
        PollResponse parsed = JsonFormatExpectations.parse(json.toString(), List.of(), "messages",
                PollResponse.newBuilder()).build();
        assertThat(parsed).isEqualTo(PollCodec.toProto(List.of(), Cursor.ORIGIN, 1500, SkipCounts.NONE, true, false));
    }

    @Test
    void givenRoomBlock_block_leavesTheRoomOutOfItsEntries() {
        Message gift = TestMessages.giftWorth(520);
        Block block = new Block(new BlockHeader(TestMessages.ROOM, Cursor.parse("k2f9q1-4211400.b7x3m0-7"), 1764288000623L),
                List.of(gift), new SkipCounts(0, 0, 4, 0));

        json.block(block);

        assertThat(json.toString()).isEqualTo("{\"header\":{\"roomId\":\"r10086\",\"cursor\":\"k2f9q1-4211400.b7x3m0-7\","
                + "\"sentAt\":1764288000623},\"entries\":[" + GIFT_JSON.replace("\"roomId\":\"r10086\",", "")
                + "],\"skipped\":{\"budget\":4}}");
        assertThat(json.toString()).isEqualTo(JsonFormatExpectations.expected(BlockCodec.toProto(block), List.of(gift)));
    }

    @Test
    void givenEmptyBroadcastBlock_block_writesEmptyHeaderAndList() {
        json.block(new Block(new BlockHeader(null, null, 0), List.of(), new SkipCounts(0, 2, 0, 0)));

        assertThat(json.toString()).isEqualTo("{\"header\":{},\"entries\":[],\"skipped\":{\"age\":2}}");
    }

    @Test
    void givenStatesResetAndMore_poll_writesThemLastAndMatchesJsonFormat() {
        List<Message> messages = List.of(TestMessages.giftWorth(520));
        List<Message> states = List.of(TestMessages.state("pk.score", 3, 7), TestMessages.state("pk.timer", 1, 8));
        Cursor next = Cursor.parse("k2f9q1-4211337.b7x3m0-7");

        json.poll(messages, next, 0, SkipCounts.NONE, true, true, states);

        assertThat(json.toString()).startsWith("{\"messages\":[" + GIFT_JSON + "],\"cursor\":\"k2f9q1-4211337.b7x3m0-7\","
                + "\"skipped\":{},\"reset\":true,\"more\":true,\"states\":[{\"id\":\"st-pk.score-3\"");
        List<Message> written = new ArrayList<>(messages);
        written.addAll(states);
        assertThat(json.toString()).isEqualTo(JsonFormatExpectations.expected(
                PollCodec.toProto(messages, next, 0, SkipCounts.NONE, true, true, states), written));
    }

    @Test
    void givenRoomBlockWithStates_block_leavesTheRoomOutOfItsStatesToo() {
        Message gift = TestMessages.giftWorth(520);
        Message state = TestMessages.state("pk.score", 3, 7);
        Block block = new Block(new BlockHeader(TestMessages.ROOM, Cursor.parse("k2f9q1-4211400.b7x3m0-7"), 0),
                List.of(gift), SkipCounts.NONE, List.of(state));

        json.block(block);

        assertThat(json.toString()).endsWith("\"skipped\":{},\"states\":[{\"id\":\"st-pk.score-3\","
                + "\"scope\":\"SCOPE_ROOM\",\"category\":\"PK\",\"priority\":\"NORMAL\",\"payload\":{\"v\":3},"
                + "\"createdAt\":1764288000130,\"cursorMillis\":1764288000130,\"cursorSeq\":7,\"stateKey\":\"pk.score\","
                + "\"version\":3}]}");
        assertThat(json.toString()).isEqualTo(JsonFormatExpectations.expected(BlockCodec.toProto(block), List.of(gift, state)));
    }

    @Test
    void givenClosedSlice_slice_writesTheNumberAsAStringAndMatchesJsonFormat() {
        List<Message> messages = List.of(TestMessages.giftWorth(520), TestMessages.of(Scope.BROADCAST, false, true, true));
        List<Message> states = List.of(TestMessages.state("pk.score", 3, 7));
        SkipCounts skipped = new SkipCounts(0, 2, 0, 1);

        json.slice(882_382_666L, messages, skipped, states, true);

        assertThat(json.toString()).startsWith("{\"slice\":\"882382666\",\"messages\":[" + GIFT_JSON + ",")
                .endsWith("\"version\":3}],\"truncated\":true}");
        List<Message> written = new ArrayList<>(messages);
        written.addAll(states);
        assertThat(json.toString()).isEqualTo(JsonFormatExpectations.expected(
                PollCodec.slice(882_382_666L, messages, skipped, states, true), written));
    }

    @Test
    void givenEmptySlice_slice_stillWritesTheListAndSkipped() {
        json.slice(0, List.of(), SkipCounts.NONE, List.of(), false);

        assertThat(json.toString()).isEqualTo("{\"slice\":\"0\",\"messages\":[],\"skipped\":{}}");
    }

    @Test
    void givenRoomHead_sliceHead_writesWhereTheSlicesStandAndMatchesJsonFormat() {
        List<Message> states = List.of(TestMessages.state("pk.score", 3, 7));

        json.sliceHead(TestMessages.ROOM, 882_382_666L, 2000, 1500, states);

        assertThat(json.toString()).startsWith("{\"roomId\":\"r10086\",\"slice\":\"882382666\",\"sliceMs\":2000,"
                + "\"pollAfterMs\":1500,\"states\":[{\"id\":\"st-pk.score-3\",\"scope\":\"SCOPE_ROOM\",\"roomId\":\"r10086\",");
        assertThat(json.toString()).isEqualTo(JsonFormatExpectations.expected(
                PollCodec.sliceHead(TestMessages.ROOM, 882_382_666L, 2000, 1500, states), states));
        assertThat(json.reset().sliceHead(TestMessages.ROOM, 5, 2000, 1500, List.of()).toString())
                .isEqualTo("{\"roomId\":\"r10086\",\"slice\":\"5\",\"sliceMs\":2000,\"pollAfterMs\":1500}");
    }

    static List<Message> everyShape() {
        List<Message> all = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            for (boolean state : new boolean[] {false, true}) {
                for (boolean binary : new boolean[] {false, true}) {
                    for (boolean stored : new boolean[] {false, true}) {
                        all.add(TestMessages.of(scope, state, binary, stored));
                    }
                }
            }
        }
        all.add(TestMessages.giftWorth(0));
        all.add(TestMessages.giftWorth(Long.MAX_VALUE));
        all.add(TestMessages.chat(TestMessages.ROOM, "plain").storedAt(Position.NONE));
        return all;
    }

    @ParameterizedTest
    @MethodSource("everyShape")
    void givenAnyShape_message_isJsonFormatOutputWithTheDocumentedLiberties(Message m) {
        assertThat(json.message(m).toString())
                .isEqualTo(JsonFormatExpectations.expected(MessageCodec.toProto(m), List.of(m)));
    }

    @ParameterizedTest
    @MethodSource("everyShape")
    void givenAnyShape_message_parsesBackWithJsonFormat(Message m) {
        io.roomcast.protocol.v1.Message parsed = JsonFormatExpectations.parse(json.message(m).toString(), List.of(m),
                null, io.roomcast.protocol.v1.Message.newBuilder()).build();

        assertThat(parsed).isEqualTo(MessageCodec.toProto(m));
        assertThat(MessageCodec.fromProto(parsed)).isEqualTo(m);
    }

    @Test
    void givenPollOfEveryShape_poll_matchesJsonFormatAndParsesBack() {
        List<Message> messages = everyShape();
        Cursor next = Cursor.parse("k2f9q1-123456789.0-0");
        SkipCounts skipped = new SkipCounts(1, 2, 3, 4);

        json.poll(messages, next, 2000, skipped, false, false);

        PollResponse proto = PollCodec.toProto(messages, next, 2000, skipped, false, false);
        assertThat(json.toString()).isEqualTo(JsonFormatExpectations.expected(proto, messages));
        assertThat(JsonFormatExpectations.parse(json.toString(), messages, "messages", PollResponse.newBuilder())
                .build()).isEqualTo(proto);
    }

    @Test
    void givenSpecialCharacters_error_escapesLikeJsonFormat_butNotHtmlCharacters() throws Exception {
        String nasty = "quote \" backslash \\ slash / tab \t newline \n cr \r bs \b ff \f nul \u0000 unit \u001f "
                + "del \u007f html <b>&amp;='x' latin \u00e9 cjk \u623f\u95f4 emoji \ud83c\udf81 ls \u2028 ps \u2029";

        json.error("INVALID_ARGUMENT", nasty);

        String jsonFormat = JsonFormat.printer().omittingInsignificantWhitespace().print(ErrorResponse.newBuilder()
                .setError(ErrorBody.newBuilder().setCode("INVALID_ARGUMENT").setMessage(nasty)).build());
        assertThat(json.toString()).isEqualTo(JsonFormatExpectations.withoutHtmlEscapes(jsonFormat));
        assertThat(json.toString()).contains("quote \\\" backslash \\\\ slash / tab \\t newline \\n cr \\r bs \\b ff \\f"
                + " nul \\u0000 unit \\u001f del \u007f html <b>&amp;='x'"
                + " latin \u00e9 cjk \u623f\u95f4 emoji \ud83c\udf81 ls \\u2028 ps \\u2029");
        assertThat(JsonParser.parseString(json.toString()).getAsJsonObject().getAsJsonObject("error")
                .get("message").getAsString()).isEqualTo(nasty);
    }

    @Test
    void givenNonAscii_error_writesUtf8() {
        json.error("X", "\u00e9\u623f\ud83c\udf81");

        byte[] expected = "{\"error\":{\"code\":\"X\",\"message\":\"\u00e9\u623f\ud83c\udf81\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(json.toByteArray()).isEqualTo(expected);
        assertThat(json.length()).isEqualTo(expected.length);
    }

    @Test
    void givenLoneSurrogates_error_escapesThemSoTheOutputIsValidUtf8() {
        json.error("X", "a\ud800b\udc00");

        assertThat(json.toString()).isEqualTo("{\"error\":{\"code\":\"X\",\"message\":\"a\\ud800b\\udc00\"}}");
        assertThat(JsonParser.parseString(json.toString()).getAsJsonObject().getAsJsonObject("error")
                .get("message").getAsString()).isEqualTo("a\ud800b\udc00");
    }

    @Test
    void givenEmptyError_error_writesEmptyBody() {
        assertThat(json.error(null, "").toString()).isEqualTo("{\"error\":{}}");
    }

    @Test
    void givenReset_writer_reusesTheBufferForTheNextAnswer() {
        json.message(TestMessages.giftWorth(1));
        byte[] buffer = json.array();

        json.reset().error("A", "b");

        assertThat(json.array()).isSameAs(buffer);
        assertThat(json.toString()).isEqualTo("{\"error\":{\"code\":\"A\",\"message\":\"b\"}}");
        ByteBuffer view = json.byteBuffer();
        assertThat(view.remaining()).isEqualTo(json.length());
        assertThat(StandardCharsets.UTF_8.decode(view).toString()).isEqualTo(json.toString());
    }

    @Test
    void givenHugeAnswer_writer_growsAndLetsGoOfTheBufferAtReset() {
        JsonMessages small = new JsonMessages(64);
        String big = "x".repeat(2_000_000);

        small.error("BIG", big);

        assertThat(small.length()).isEqualTo(big.length() + "{\"error\":{\"code\":\"BIG\",\"message\":\"\"}}".length());
        assertThat(small.reset().array().length).isLessThan(1024 * 1024);
        assertThat(small.length()).isZero();
    }

    @Test
    void givenExtremeNumbers_message_writesThemExactly() {
        Message m = TestMessages.giftWorth(Long.MAX_VALUE).storedAt(new Position(Long.MAX_VALUE, Long.MAX_VALUE));

        String written = json.message(m).toString();

        assertThat(written).contains("\"giftValue\":9223372036854775807",
                "\"cursorMillis\":9223372036854775807", "\"cursorSeq\":9223372036854775807");
    }
}
