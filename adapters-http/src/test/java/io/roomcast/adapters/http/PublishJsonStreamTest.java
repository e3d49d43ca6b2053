package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.protocol.v1.PublishBatchResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Edge inputs for the one pass against the tree (a review of 2026-12-07 found the first and the last disagreeing). */
class PublishJsonStreamTest {
    private static final PublishRequests REQUESTS = new PublishRequests(4_096);

    /** Gson's strict reader refuses a number of 1,024 or more characters (its buffer); the one pass keeps it as compact payload text. */
    @Test
    void aPayloadNumberOf1024Digits_isRefusedByTheTree_andByTheOnePass() {
        agree("{\"scope\":\"broadcast\",\"category\":\"CHAT\",\"payload\":" + "1".repeat(1023) + "}");
        agree("{\"scope\":\"broadcast\",\"category\":\"CHAT\",\"payload\":" + "1".repeat(1024) + "}");
        agree("[{\"scope\":\"broadcast\",\"category\":\"CHAT\",\"payload\":{\"n\":0." + "1".repeat(1100) + "}}]");
    }

    /** Edge forms checked in review: all agree. */
    @Test
    void edgeForms_agree() {
        String head = "{\"scope\":\"broadcast\",\"category\":\"CHAT\",";
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 34; i++) {
            many.append("\"k").append(i % 33).append("\":").append(i).append(',');
        }
        many.setLength(many.length() - 1);
        for (String payload : new String[] {"{\"a\":1,\"b\":2,\"a\":3}", many + "}", "\"a\u007fb\"", "\"a\\/b\"",
                "[\t1]", "{\"\":{},\"\\u0000\":[]}", "-0", "-0.0E-0", "1E+400", "9223372036854775808", "\"\uD83D\uDE00\"",
                "\"\ud83d\"", "{\"a\":{\"a\":{\"a\":1}},\"b\":[[],{}]}", "\"\u2029\"", "[true,false,null]"}) {
            agree(head + "\"payload\":" + payload + "}");
            agree("{\"messages\":[" + head + "\"payload\":" + payload + "}]}");
        }
        agree("\uFEFF" + head + "\"payload\":1}");
        agree(head + "\"version\":\"-0\",\"stateKey\":\"k\"}");
        agree(head + "\"giftValue\":1234567890123456789}");
        agree(head + "\"giftValue\":\"000000000000000000001\"}");
    }

    /** An empty batch answer (not reachable today: a batch holds at least one message). */
    @Test
    void anEmptyBatchAnswer_isPrintedAsJsonFormatPrintsIt() throws Exception {
        PublishBatchResponse empty = PublishBatchResponse.getDefaultInstance();
        assertThat(new String(PublishAnswerJson.of(empty), StandardCharsets.UTF_8))
                .isEqualTo(JsonFormat.printer().omittingInsignificantWhitespace().print(empty));
    }

    private static void agree(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        Object onePass = outcome(() -> REQUESTS.fromJson(body));
        Object tree = outcome(() -> REQUESTS.fromTree(StrictJson.read(body)));
        assertThat(String.valueOf(onePass)).as("%d chars", text.length()).isEqualTo(String.valueOf(tree));
    }

    private static Object outcome(Supplier<PublishRequests.Parsed> parse) {
        try {
            return parse.get();
        } catch (RoomcastException e) {
            return e.code() + " " + e.getMessage();
        }
    }
}
