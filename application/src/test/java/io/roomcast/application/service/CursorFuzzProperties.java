package io.roomcast.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.PollQuery;
import io.roomcast.application.port.in.PollResult;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.testing.ForwardingMessageStore;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the poll use case's cursor and limit, as a client sends them (any text): far behind,
 * invented, from the future, malformed. Every poll either fails with INVALID_CURSOR /
 * INVALID_ARGUMENT or answers at most the limit, and reads at most {@link PollRoomService#SCAN_MAX}
 * messages per stream from the store whatever the cursor: the cost of a poll is bounded. The store
 * holds far more than one scan of a busy room. Tries: {@code -Djqwik.tries.default} (see
 * {@code scripts/fuzz.sh}).
 */
class CursorFuzzProperties {
    private static final RoomId ROOM = RoomId.of("busy");
    private static final int STREAMS = 6;
    private static final ManualClock CLOCK = new ManualClock();
    private static final CountingStore STORE = filled();
    private static final DeliveryRules RULES = DeliveryRules.defaults().withAdmission(AdmissionPolicy.ofRate(100_000_000));
    private static final PollRoomService POLL = new PollRoomService(STORE, new FakeRoomDirectory(), CLOCK, RULES);

    private static CountingStore filled() {
        CountingStore store = new CountingStore(new InMemoryMessageStore(Retention.uniform(1_000_000, Duration.ofDays(1)), CLOCK));
        PublishMessageService publisher = new PublishMessageService(store, Fanout.none(), CLOCK,
                DeliveryRules.defaults().withAdmission(AdmissionPolicy.ofRate(100_000_000)));
        for (int i = 0; i < 3 * PollRoomService.SCAN_MAX; i++) {
            CLOCK.advance(i % 7 == 0 ? 1 : 0);
            publisher.publish(new PublishCommand(Scope.ROOM, ROOM, null, Category.values()[i % 4], Priority.NORMAL, 0,
                    UserId.of("s"), Payload.json("{\"i\":" + i + "}"), null, 0, null));
        }
        return store;
    }

    @Provide
    Arbitrary<String> cursors() {
        Cursor head = STORE.head(ROOM);
        Cursor.Part room = head.room();
        Arbitrary<String> valid = Arbitraries.longs().between(0, room.seq() * 2).flatMap(seq ->
                Arbitraries.longs().between(0, Cursor.MAX_EPOCH).injectDuplicates(0.3)
                        .map(epoch -> new Cursor(new Cursor.Part(seq % 3 == 0 ? room.epoch() : epoch, seq),
                                head.platform()).encode()));
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(50)
                .withChars("0123456789-+ .eE_xX\u0660\uff10").withCharRange('\u0000', '\u007f');
        Arbitrary<String> extremes = Arbitraries.of("0", "0-0", "-1", "1-", "-", "9223372036854775807-9223372036854775807",
                "9223372036854775808-1", Cursor.ORIGIN.encode(), head.encode(), "", "00000000000000000001-1",
                "0-1.0-1", "zzzzzz-1.0-0", "a-9223372036854775807.b-1", "1-1.", ".1-1", "1-1.1-1.1-1");
        return Arbitraries.oneOf(valid, text, extremes);
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-2, 200)).injectNull(0.2);
    }

    @Property
    void anyCursorAndLimit_failsWithAClearCode_orAnswersWithinTheLimit_readingABoundedAmount(
            @ForAll("cursors") String cursor, @ForAll("limits") Integer limit) {
        STORE.reads.set(0);
        PollResult result;
        try {
            result = POLL.poll(new PollQuery(ROOM, null, cursor, limit, null));
        } catch (RoomcastException e) {
            assertThat(e.code()).isIn(ErrorCode.INVALID_CURSOR, ErrorCode.INVALID_ARGUMENT);
            return;
        }
        assertThat(result.messages().size()).isLessThanOrEqualTo(RULES.polling().maxLimit());
        assertThat(STORE.reads.get()).as("messages read from the store for one poll")
                .isLessThanOrEqualTo((long) STREAMS * PollRoomService.SCAN_MAX + RULES.polling().maxLimit());
        assertThat(Cursor.parse(result.cursor().encode())).isEqualTo(result.cursor());
    }

    /** The real in-memory store, counting the messages every read hands back. */
    private static final class CountingStore extends ForwardingMessageStore {
        final AtomicLong reads = new AtomicLong();

        CountingStore(MessageStore store) {
            super(store);
        }

        private ReadResult counted(ReadResult read) {
            reads.addAndGet(read.messages().size());
            return read;
        }

        @Override
        public ReadResult readSince(Feed feed, Cursor after, int max) {
            return counted(store.readSince(feed, after, max));
        }

        @Override
        public ReadResult readLatest(Feed feed, int max) {
            return counted(store.readLatest(feed, max));
        }

        @Override

        public SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max) {

            return store.closeSlice(room, fromMillis, toMillis, max);

        }


        @Override
        public List<Message> latestStates(RoomId room) {
            List<Message> states = store.latestStates(room);
            reads.addAndGet(states.size());
            return states;
        }
    }
}
