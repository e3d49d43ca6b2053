package io.roomcast.adapters.chronicle;

import io.roomcast.testing.Cursors;
import static io.roomcast.adapters.chronicle.Fixtures.ids;
import static io.roomcast.adapters.chronicle.Fixtures.open;
import static io.roomcast.adapters.chronicle.Fixtures.readAll;
import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.giftWorth;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a store knows is rebuilt from its queue files when it is opened again. */
class ChronicleRestartIT {
    private static final Retention ROOMY = Retention.uniform(100_000, Duration.ofHours(1));

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private final RoomId r1 = room("r1");

    @Test
    void givenMessagesOfEveryKind_reopen_readsTheSameMessagesAndPositionsGoOn() {
        List<Message> alice = new ArrayList<>();
        Message keyed;
        List<Message> states = new ArrayList<>();
        Cursor head;
        try (ChronicleMessageStore store = open(dir, ROOMY, clock)) {
            alice.add(store.append(chat(r1, clock.advance(1))).stored());
            store.append(chat(room("r2"), clock.advance(1)));
            alice.add(store.append(giftWorth(r1, 500, Priority.HIGH, clock.advance(1))).stored());
            alice.add(store.append(broadcast(clock.advance(1))).stored());
            alice.add(store.append(toUser(user("alice"), clock.advance(1))).stored());
            store.append(toUser(user("bob"), clock.advance(1)));
            alice.add(store.append(state(r1, "pk.score", 1, clock.advance(1))).stored());
            states.add(store.append(state(r1, "online", 9, clock.advance(1))).stored());
            states.add(store.append(state(r1, "pk.score", 2, clock.advance(1))).stored());
            keyed = store.append(withKey(chat(r1, clock.advance(1)), "order-7")).stored();
            alice.add(states.get(0));
            alice.add(states.get(1));
            alice.add(keyed);
            head = store.head(r1);
        }

        try (ChronicleMessageStore store = open(dir, ROOMY, clock)) {
            assertThat(readAll(store, new Feed(r1, user("alice")))).containsExactlyElementsOf(
                    alice.stream().sorted(Message.ORDER).toList());
            assertThat(store.head(r1)).as("the same epochs after a restart (store-id)").isEqualTo(head);
            assertThat(store.latestStates(r1)).containsExactlyElementsOf(states);
            assertThat(store.findByIdempotencyKey(r1, IdempotencyKey.of("order-7"))).contains(keyed);

            AppendResult.Stored retry = store.append(withKey(chat(r1, clock.advance(1)), "order-7"));
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.stored()).isEqualTo(keyed);
            Message next = store.append(chat(r1, clock.millis())).stored();
            assertThat(next.position().seq()).isEqualTo(head.room().seq() + 1);
            assertThat(next.position().epoch()).isEqualTo(head.room().epoch());
            assertThat(next.position().millis()).isGreaterThanOrEqualTo(keyed.position().millis());
        }
    }

    /**
     * The wall clock stepped back (an NTP correction, a VM restored) while the node runs and across a
     * restart, past the queue's hourly roll: every position still goes forward, every message is
     * read back, and a reader's cursor from before the step misses nothing.
     */
    @Test
    void givenClockSteppedBackTwoHours_whileOpenAndAcrossRestart_positionsNeverGoBackAndNothingIsLost() {
        List<Message> stored = new ArrayList<>();
        Cursor before;
        try (ChronicleMessageStore store = open(dir, ROOMY, clock)) {
            stored.add(store.append(chat(r1, clock.advance(1))).stored());
            stored.add(store.append(broadcast(clock.advance(1))).stored());
            before = store.head(r1);
            clock.advance(-Duration.ofHours(2).toMillis());
            stored.add(store.append(chat(r1, clock.millis())).stored());
            stored.add(store.append(broadcast(clock.advance(1))).stored());
        }
        clock.advance(-Duration.ofMinutes(30).toMillis());
        try (ChronicleMessageStore store = open(dir, ROOMY, clock)) {
            stored.add(store.append(chat(r1, clock.millis())).stored());
            stored.add(store.append(broadcast(clock.advance(1))).stored());

            for (Family family : Family.values()) {
                List<Message> ofFamily = stored.stream().filter(m -> m.family() == family).toList();
                for (int i = 1; i < ofFamily.size(); i++) {
                    assertThat(ofFamily.get(i).position()).as("%s message %d", family, i)
                            .isGreaterThan(ofFamily.get(i - 1).position());
                    assertThat(ofFamily.get(i).position().millis()).isGreaterThanOrEqualTo(ofFamily.get(i - 1).position().millis());
                }
            }
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactlyElementsOf(
                    ids(stored.stream().sorted(Message.ORDER).toList()));
            assertThat(ids(store.readSince(Feed.guest(r1), before, 100).messages())).containsExactlyElementsOf(
                    ids(stored.subList(2, stored.size()).stream().sorted(Message.ORDER).toList()));
        }
    }

    @Test
    void givenCountRetention_reopen_keepsTheNewestAndReportsTheGap() {
        Retention five = Retention.uniform(5, Duration.ofHours(1));
        List<Message> stored = new ArrayList<>();
        try (ChronicleMessageStore store = open(dir, five, clock)) {
            for (int i = 0; i < 8; i++) {
                stored.add(store.append(chat(r1, clock.advance(1))).stored());
            }
        }
        try (ChronicleMessageStore store = open(dir, five, clock)) {
            assertThat(ids(readAll(store, Feed.guest(r1)))).containsExactlyElementsOf(ids(stored.subList(3, 8)));
            assertThat(store.readSince(Feed.guest(r1), Cursors.after(stored.get(0)), 10).gap()).isTrue();
            assertThat(store.readSince(Feed.guest(r1), Cursors.after(stored.get(3)), 10).gap()).isFalse();
        }
    }

    @Test
    void givenOpenStore_openingTheSameDirectoryAgain_failsFastUntilItIsClosed() {
        ChronicleMessageStore first = open(dir, ROOMY, clock);
        try {
            assertThatThrownBy(() -> open(dir, ROOMY, clock))
                    .isInstanceOf(RoomcastException.class)
                    .hasMessageContaining("in use")
                    .extracting(e -> ((RoomcastException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        } finally {
            first.close();
        }
        open(dir, ROOMY, clock).close();
    }

    @Test
    void givenClosedStore_everyCall_failsAndCloseAgainIsHarmless() {
        ChronicleMessageStore store = open(dir, ROOMY, clock);
        store.close();
        store.close();
        assertThatThrownBy(() -> store.append(chat(r1, clock.millis()))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.readSince(Feed.guest(r1), Cursor.ORIGIN, 10))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.latestStates(r1)).isInstanceOf(IllegalStateException.class);
    }
}
