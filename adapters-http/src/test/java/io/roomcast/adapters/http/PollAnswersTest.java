package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.port.in.PollResult;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.json.JsonMessages;
import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.testing.TestMessages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollAnswersTest {
    private static final RoomId ROOM = TestMessages.room("r1");
    private static final PollAnswers.Key QUESTION = new PollAnswers.Key(ROOM, "0", 15);
    private final PollAnswers answers = new PollAnswers(100);

    private static PollResult result(int n) {
        Message m = TestMessages.chat(ROOM, 1_000).storedAt(new Position(1_000, n));
        return new PollResult(List.of(m), Cursor.ORIGIN.advance(m), 1_500, new SkipCounts(n, 0, 0, 0), false, true);
    }

    @Test
    void givenKeptAnswer_sameQuestionWithinTtl_getsItsBytesEncodedOncePerFormat() throws Exception {
        PollResult r = result(3);
        PollAnswers.Guest kept = answers.keep(QUESTION, r, 5_000);

        PollAnswers.Guest hit = answers.kept(new PollAnswers.Key(ROOM, "0", 15), 5_099);

        assertThat(hit).isSameAs(kept);
        assertThat(hit.result()).isSameAs(r);
        byte[] json = hit.bytes(false);
        byte[] proto = hit.bytes(true);
        assertThat(hit.bytes(false)).isSameAs(json);
        assertThat(hit.bytes(true)).isSameAs(proto);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(new JsonMessages()
                .poll(r.messages(), r.cursor(), r.pollAfterMs(), r.skipped(), r.reset(), r.more()).toString());
        PollResponse parsed = PollResponse.parseFrom(proto);
        assertThat(parsed.getCursor()).isEqualTo("0-3.0-0");
        assertThat(parsed.getSkipped().getPriority()).isEqualTo(3);
        assertThat(parsed.getMore()).isTrue();
    }

    @Test
    void givenKeysOfTheSameQuestion_builtFromFreshText_areEqualWithEqualHashes_andAnyFieldDiffering_isNot() {
        PollAnswers.Key a = new PollAnswers.Key(new RoomId(new String("r1")), new String("k2f9q1-42.0-0"), 15);
        PollAnswers.Key b = new PollAnswers.Key(RoomId.of("r1"), "k2f9q1-42.0-0", 15);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new PollAnswers.Key(ROOM, "k2f9q1-43.0-0", 15))
                .isNotEqualTo(new PollAnswers.Key(ROOM, "k2f9q1-42.0-0", 14))
                .isNotEqualTo(new PollAnswers.Key(TestMessages.room("r2"), "k2f9q1-42.0-0", 15))
                .isNotEqualTo("k2f9q1-42.0-0");
    }

    @Test
    void givenKeptAnswer_anotherQuestionOrTtlPassed_isAMiss() {
        answers.keep(QUESTION, result(4), 5_000);

        assertThat(answers.kept(QUESTION, 5_100)).as("expired").isNull();
        assertThat(answers.kept(new PollAnswers.Key(ROOM, "0", 16), 5_000)).as("another limit").isNull();
        assertThat(answers.kept(new PollAnswers.Key(ROOM, "", 15), 5_000)).as("no cursor").isNull();
        assertThat(answers.kept(new PollAnswers.Key(TestMessages.room("r2"), "0", 15), 5_000)).as("another room").isNull();
    }

    /** An answer holds a page of messages: past its time it is dropped within a second, not when 10,000 are kept. */
    @Test
    void givenAnswersPastTheirTime_aSecondLater_theyAreDroppedOnTheNextQuestion() {
        answers.keep(QUESTION, result(1), 5_000);
        answers.keep(new PollAnswers.Key(ROOM, "0-1", 15), result(2), 5_050);

        assertThat(answers.kept(new PollAnswers.Key(ROOM, "other", 15), 5_200)).isNull();
        assertThat(answers.size()).as("past their time, but swept at most once a second").isEqualTo(2);

        assertThat(answers.kept(new PollAnswers.Key(ROOM, "other", 15), 5_000 + PollAnswers.SWEEP_EVERY_MILLIS)).isNull();
        assertThat(answers.size()).isZero();
    }

    @Test
    void givenAFreshAnswer_aSweep_keepsIt() {
        answers.keep(QUESTION, result(1), 5_000);
        PollAnswers.Guest fresh = answers.keep(new PollAnswers.Key(ROOM, "0-1", 15), result(2), 5_000 + PollAnswers.SWEEP_EVERY_MILLIS);

        assertThat(answers.size()).isEqualTo(1);
        assertThat(answers.kept(new PollAnswers.Key(ROOM, "0-1", 15), 5_000 + PollAnswers.SWEEP_EVERY_MILLIS + 50)).isSameAs(fresh);
    }

    @Test
    void givenNoTtl_nothingIsKept_butTheAnswerIsStillEncoded() {
        PollAnswers off = new PollAnswers(0);
        PollResult r = result(5);

        PollAnswers.Guest answer = off.keep(QUESTION, r, 5_000);

        assertThat(off.kept(QUESTION, 5_000)).isNull();
        assertThat(answer.bytes(false)).isEqualTo(PollAnswers.encode(r, false));
        assertThatThrownBy(() -> new PollAnswers(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void privateResult_isEncodedAfreshEachTime() {
        PollResult r = result(5);

        assertThat(PollAnswers.encode(r, false)).isNotSameAs(PollAnswers.encode(r, false))
                .isEqualTo(PollAnswers.encode(r, false));
    }
}
