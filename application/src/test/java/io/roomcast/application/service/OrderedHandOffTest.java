package io.roomcast.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.PartialBatchException;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ForwardingMessageStore;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link PublishMessageService} with a store that {@link MessageStore#handsOffInOrder hands off in
 * order} itself: every publish goes through the store's hand-off, and none waits on another's
 * hand-off stripe, so batches over many rooms are not made to pass one at a time.
 */
class OrderedHandOffTest {
    private static final RoomId SLOW = RoomId.of("slow");
    /** A room in the same {@link HandOffOrder} stripe as {@link #SLOW}. */
    private static final RoomId NEIGHBOUR = sameStripeAs(SLOW);
    private static final RoomId BROKEN = RoomId.of("broken");

    private final ManualClock clock = new ManualClock();
    private final CountDownLatch slowStoreLetsGo = new CountDownLatch(1);
    private final List<List<Message>> handOffs = new CopyOnWriteArrayList<>();

    /** Hands off on the caller's thread (enough here: one caller at a time per room); room {@code slow} waits for the latch, room {@code broken} fails. */
    private final MessageStore store = new ForwardingMessageStore(new InMemoryMessageStore(Retention.defaults(), clock)) {
        @Override
        public boolean handsOffInOrder() {
            return true;
        }

        @Override
        public List<AppendResult> appendAll(List<Message> messages, AdmissionPolicy policy, Consumer<List<Message>> handOff) {
            if (messages.stream().anyMatch(m -> SLOW.equals(m.roomId()))) {
                try {
                    slowStoreLetsGo.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (messages.stream().anyMatch(m -> BROKEN.equals(m.roomId()))) {
                throw new PartialBatchException(List.of(),
                        new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "the store is down for room broken"));
            }
            return super.appendAll(messages, policy, handOff);
        }
    };

    private final Fanout fanout = new Fanout() {
        @Override
        public void deliver(Message stored) {
            throw new AssertionError("the store hands off: deliverAll only");
        }

        @Override
        public void deliverAll(List<Message> stored) {
            handOffs.add(List.copyOf(stored));
        }
    };

    private final PublishMessageService service = new PublishMessageService(store, fanout, clock, DeliveryRules.defaults());

    private static RoomId sameStripeAs(RoomId room) {
        for (int i = 0; ; i++) {
            RoomId candidate = RoomId.of("n" + i);
            if ((candidate.hashCode() & 255) == (room.hashCode() & 255)) {
                return candidate;
            }
        }
    }

    private static PublishCommand chat(RoomId room) {
        return new PublishCommand(Scope.ROOM, room, null, Category.CHAT, null, 0, UserId.of("fan"),
                Payload.json("{\"text\":\"hi\"}"), null, 0, null);
    }

    @Test
    void givenABatchWaitingInTheStore_aPublishToARoomOfTheSameStripe_isStoredAndHandedOffMeanwhile() throws Exception {
        CompletableFuture<List<PublishResult>> slow = CompletableFuture.supplyAsync(
                () -> service.publishAll(List.of(chat(SLOW), chat(RoomId.of("other")))));
        try {
            CompletableFuture<PublishResult> single = CompletableFuture.supplyAsync(() -> service.publish(chat(NEIGHBOUR)));
            CompletableFuture<List<PublishResult>> batch = CompletableFuture.supplyAsync(
                    () -> service.publishAll(List.of(chat(NEIGHBOUR), chat(NEIGHBOUR))));

            CompletableFuture.allOf(single, batch).get(30, TimeUnit.SECONDS);
            assertThat(single.get().isAccepted()).isTrue();
            assertThat(batch.get()).allMatch(PublishResult::isAccepted);
            assertThat(slow).as("still in the store").isNotDone();
            assertThat(handOffs).hasSize(2).allMatch(h -> h.stream().allMatch(m -> m.roomId().equals(NEIGHBOUR)));
        } finally {
            slowStoreLetsGo.countDown();
        }
        assertThat(slow.get(30, TimeUnit.SECONDS)).allMatch(PublishResult::isAccepted);
        assertThat(handOffs).hasSize(3);
    }

    @Test
    void givenTheStoreFailing_aSinglePublish_failsWithTheStoresError() {
        assertThatThrownBy(() -> service.publish(chat(BROKEN)))
                .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE))
                .hasMessage("the store is down for room broken");
        assertThat(handOffs).isEmpty();
    }
}
