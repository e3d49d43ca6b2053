package io.roomcast.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ForwardingMessageStore;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link PublishMessageService#publishAll}: a batch is one store call and one hand-off to fan-out. */
class PublishBatchTest {
    private static final RoomId R1 = RoomId.of("r1");
    private static final RoomId R2 = RoomId.of("r2");
    private static final RoomId BROKEN = RoomId.of("broken");

    private final ManualClock clock = new ManualClock();
    private final List<List<Message>> storeCalls = new CopyOnWriteArrayList<>();
    private final List<List<Message>> handOffs = new CopyOnWriteArrayList<>();

    /** The in-memory store, counting batch calls; every write of room {@code broken} fails as Redis down would. */
    private final MessageStore store = new ForwardingMessageStore(new InMemoryMessageStore(Retention.defaults(), clock)) {
        @Override
        public AppendResult append(Message message, AdmissionPolicy policy) {
            if (message.roomId().equals(BROKEN)) {
                throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "the store is down for room broken");
            }
            return super.append(message, policy);
        }

        @Override
        public List<AppendResult> appendAll(List<Message> messages, AdmissionPolicy policy) {
            storeCalls.add(messages);
            return super.appendAll(messages, policy);
        }
    };

    private final Fanout fanout = new Fanout() {
        @Override
        public void deliver(Message stored) {
            handOffs.add(List.of(stored));
        }

        @Override
        public void deliverAll(List<Message> stored) {
            handOffs.add(List.copyOf(stored));
        }
    };

    private PublishMessageService service(AdmissionPolicy admission) {
        return new PublishMessageService(store, fanout, clock, DeliveryRules.defaults().withAdmission(admission));
    }

    private static PublishCommand chat(RoomId room, String key) {
        return new PublishCommand(Scope.ROOM, room, null, Category.CHAT, null, 0, UserId.of("fan"),
                Payload.json("{\"text\":\"hi\"}"), null, 0, key == null ? null : IdempotencyKey.of(key));
    }

    private static PublishCommand toAlice() {
        return new PublishCommand(Scope.UNICAST, null, UserId.of("alice"), Category.NOTIFY, null, 0, null,
                Payload.json("{}"), null, 0, null);
    }

    @Test
    void givenBatchOverTwoRoomsAndAUser_publishAll_storesWithOneCallAndHandsOffOnceInOrder() {
        List<PublishCommand> batch = List.of(chat(R1, null), chat(R2, null), toAlice(), chat(R1, null));

        List<PublishResult> results = service(AdmissionPolicy.defaults()).publishAll(batch);

        assertThat(results).hasSize(4).allMatch(PublishResult::isAccepted);
        assertThat(storeCalls).hasSize(1);
        assertThat(handOffs).hasSize(1);
        assertThat(handOffs.get(0)).extracting(Message::id).containsExactlyElementsOf(results.stream().map(PublishResult::id).toList());
        assertThat(results.get(3).cursor()).isGreaterThan(results.get(0).cursor());
    }

    @Test
    void givenKeyTwiceAndARoomOverBudget_publishAll_answersDuplicateAndDiscardAndHandsOffOnlyNewMessages() {
        List<PublishCommand> batch = new ArrayList<>();
        batch.add(chat(R1, "k-1"));
        batch.add(chat(R1, "k-1"));
        for (int i = 0; i < 10; i++) {
            batch.add(chat(R2, null));
        }

        List<PublishResult> results = service(AdmissionPolicy.ofRate(10)).publishAll(batch);

        assertThat(results.get(1).duplicate()).isTrue();
        assertThat(results.get(1).id()).isEqualTo(results.get(0).id());
        assertThat(results.subList(2, 12)).filteredOn(r -> !r.isAccepted()).isNotEmpty()
                .allMatch(r -> r.outcome().equals(Outcome.discarded(DropReason.OVERLOAD)));
        long accepted = results.stream().filter(r -> r.isAccepted() && !r.duplicate()).count();
        assertThat(handOffs).hasSize(1);
        assertThat(handOffs.get(0)).hasSize((int) accepted);
    }

    @Test
    void givenStoreFailingPartWay_publishAll_handsOffWhatWasStoredAndFailsWithStoreUnavailable() {
        List<PublishCommand> batch = List.of(chat(R1, null), chat(R2, null), chat(BROKEN, null), chat(R1, null));

        assertThatThrownBy(() -> service(AdmissionPolicy.defaults()).publishAll(batch))
                .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));

        assertThat(handOffs).hasSize(1);
        assertThat(handOffs.get(0)).extracting(Message::roomId).containsExactly(R1, R2);
        assertThat(store.readSince(Feed.guest(R1), Cursor.ORIGIN, 10).messages()).hasSize(1);
    }

    @Test
    void givenOneOversizedPayload_publishAll_failsBeforeStoringAnything() {
        byte[] big = new byte[DeliveryRules.DEFAULT_MAX_PAYLOAD_BYTES + 1];
        List<PublishCommand> batch = List.of(chat(R1, null), PublishCommand.toRoom(R2, Category.CHAT, null, Payload.binary(big)));

        assertThatThrownBy(() -> service(AdmissionPolicy.defaults()).publishAll(batch))
                .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
        assertThat(storeCalls).isEmpty();
        assertThat(store.head(R1).room().seq()).isZero();
    }
}
