package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.PollResult;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.json.JsonMessages;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.testing.TestMessages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollAnswersTest {
    private final PollAnswers answers = new PollAnswers();

    private static PollResult result(int n) {
        Message m = TestMessages.chat(TestMessages.room("r1"), 1_000).storedAt(new Cursor(1_000, n));
        return new PollResult(List.of(m), new Cursor(1_000, n), 1_500, new SkipCounts(n, 0, 0, 0), false, true);
    }

    @Test
    void sharedResult_isEncodedOncePerFormat() throws Exception {
        PollResult r = result(3);

        byte[] json = answers.encode(r, false, true);
        byte[] proto = answers.encode(r, true, true);

        assertThat(answers.encode(r, false, true)).isSameAs(json);
        assertThat(answers.encode(r, true, true)).isSameAs(proto);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(new JsonMessages()
                .poll(r.messages(), r.cursor(), r.pollAfterMs(), r.skipped(), r.reset(), r.more()).toString());
        PollResponse parsed = PollResponse.parseFrom(proto);
        assertThat(parsed.getCursor()).isEqualTo("1000-3");
        assertThat(parsed.getSkipped().getPriority()).isEqualTo(3);
        assertThat(parsed.getMore()).isTrue();
    }

    @Test
    void anEqualButDistinctResult_isEncodedAfresh() {
        PollResult a = result(4);
        PollResult b = new PollResult(a.messages(), a.cursor(), a.pollAfterMs(), a.skipped(), a.reset(), a.more());

        byte[] first = answers.encode(a, false, true);

        assertThat(answers.encode(b, false, true)).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void privateResult_isNeverRemembered() {
        PollResult r = result(5);

        assertThat(answers.encode(r, false, false)).isNotSameAs(answers.encode(r, false, false));
    }
}
