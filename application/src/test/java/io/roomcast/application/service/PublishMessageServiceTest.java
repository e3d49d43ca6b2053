package io.roomcast.application.service;

import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.application.testing.RecordingFanout;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PublishMessageServiceTest {
    private static final RoomId ROOM = RoomId.of("r1");
    private final ManualClock clock = new ManualClock();
    private final InMemoryMessageStore store = new InMemoryMessageStore(Retention.defaults(), clock);
    private final RecordingFanout fanout = new RecordingFanout();

    private PublishMessageService service(DeliveryRules rules) {
        return new PublishMessageService(store, fanout, clock, rules);
    }

    private static PublishCommand gift(long value, String key) {
        return new PublishCommand(Scope.ROOM, ROOM, null, Category.GIFT, null, value, UserId.of("fan"),
                Payload.json("{\"gift\":\"rocket\"}"), null, 0, key == null ? null : IdempotencyKey.of(key));
    }

    private static PublishCommand chat() {
        return PublishCommand.toRoom(ROOM, Category.CHAT, UserId.of("fan"), Payload.json("{\"text\":\"hi\"}"));
    }

    @Test
    void givenGifts_publish_stampsStoresAndHandsToFanoutWithValueBasedPriority() {
        PublishMessageService service = service(DeliveryRules.defaults());
        PublishResult big = service.publish(gift(5_000, null));
        PublishResult small = service.publish(gift(1, null));

        assertThat(big.isAccepted()).isTrue();
        assertThat(big.priority()).isEqualTo(Priority.HIGH);
        assertThat(small.priority()).isEqualTo(Priority.LOW);
        assertThat(big.priority().isAbove(small.priority())).isTrue();
        assertThat(big.cursor()).isLessThan(small.cursor());
        assertThat(fanout.delivered()).extracting(m -> m.id()).containsExactly(big.id(), small.id());
        assertThat(fanout.delivered().get(0).createdAt()).isEqualTo(clock.millis());
        assertThat(store.readSince(Feed.guest(ROOM), Cursor.ORIGIN, 10).messages()).hasSize(2);
    }

    @Test
    void givenExplicitPriority_publish_keepsIt() {
        PublishCommand moderation = new PublishCommand(Scope.ROOM, ROOM, null, Category.NOTIFY, Priority.CRITICAL, 0,
                null, Payload.json("{\"kick\":\"u9\"}"), null, 0, null);
        assertThat(service(DeliveryRules.defaults()).publish(moderation).priority()).isEqualTo(Priority.CRITICAL);
    }

    @Test
    void givenRoomOverBudget_publishChat_isDiscardedForOverloadAndNotStored_whileCriticalPasses() {
        PublishMessageService service = service(DeliveryRules.defaults().withAdmission(AdmissionPolicy.ofRate(10)));
        int accepted = 0;
        PublishResult last = null;
        for (int i = 0; i < 20; i++) {
            last = service.publish(chat());
            accepted += last.isAccepted() ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(7);
        assertThat(last.outcome()).isEqualTo(Outcome.discarded(DropReason.OVERLOAD));
        assertThat(last.cursor()).isNull();
        PublishResult critical = service.publish(new PublishCommand(Scope.ROOM, ROOM, null, Category.NOTIFY,
                Priority.CRITICAL, 0, null, Payload.json("{}"), null, 0, null));
        assertThat(critical.isAccepted()).isTrue();
        assertThat(store.readSince(Feed.guest(ROOM), Cursor.ORIGIN, 100).messages()).hasSize(8);
        assertThat(fanout.delivered()).hasSize(8);

        clock.advance(1_000);
        assertThat(service.publish(chat()).isAccepted()).as("budget refilled").isTrue();
    }

    @Test
    void givenIdempotencyKey_retriedPublish_returnsFirstAnswerAndStoresNothingNew() {
        PublishMessageService service = service(DeliveryRules.defaults());
        PublishResult first = service.publish(gift(500, "order-7"));
        clock.advance(50);
        PublishResult retry = service.publish(gift(500, "order-7"));

        assertThat(retry.id()).isEqualTo(first.id());
        assertThat(retry.cursor()).isEqualTo(first.cursor());
        assertThat(retry.duplicate()).isTrue();
        assertThat(first.duplicate()).isFalse();
        assertThat(fanout.delivered()).hasSize(1);
        assertThat(store.readSince(Feed.guest(ROOM), Cursor.ORIGIN, 10).messages()).hasSize(1);
    }

    @Test
    void givenPayloadOverLimit_publish_failsWithTooLargeAndStoresNothing() {
        PublishMessageService service = service(DeliveryRules.defaults());
        byte[] big = new byte[DeliveryRules.DEFAULT_MAX_PAYLOAD_BYTES + 1];
        PublishCommand command = PublishCommand.toRoom(ROOM, Category.CHAT, null, Payload.binary(big));
        assertThatThrownBy(() -> service.publish(command))
                .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE))
                .hasMessageContaining("payload");
        assertThat(store.head(RoomId.of("r1")).room().seq()).isZero();
        assertThat(store.head(RoomId.of("r1")).platform().seq()).isZero();
        assertThat(fanout.delivered()).isEmpty();
    }

    @Test
    void givenUnicastAndBroadcast_publish_skipsRoomBudgetAndStoresThem() {
        PublishMessageService service = service(DeliveryRules.defaults().withAdmission(AdmissionPolicy.ofRate(1)));
        for (int i = 0; i < 5; i++) {
            assertThat(service.publish(new PublishCommand(Scope.UNICAST, null, UserId.of("alice"), Category.NOTIFY,
                    null, 0, null, Payload.json("{}"), null, 0, null)).isAccepted()).isTrue();
            assertThat(service.publish(new PublishCommand(Scope.BROADCAST, null, null, Category.NOTIFY,
                    Priority.HIGH, 0, null, Payload.json("{}"), null, 0, null)).isAccepted()).isTrue();
        }
        assertThat(store.readSince(new Feed(ROOM, UserId.of("alice")), Cursor.ORIGIN, 100).messages()).hasSize(10);
    }

    @Test
    void givenBadCommands_construction_failsWithClearInvalidArgument() {
        assertThatThrownBy(() -> new PublishCommand(Scope.ROOM, null, null, Category.CHAT, null, 0, null,
                Payload.json("{}"), null, 0, null)).isInstanceOf(RoomcastException.class).hasMessageContaining("roomId");
        assertThatThrownBy(() -> new PublishCommand(Scope.ROOM, ROOM, null, Category.GIFT, null, -5, null,
                Payload.json("{}"), null, 0, null)).hasMessageContaining("giftValue");
        assertThatThrownBy(() -> new PublishCommand(Scope.ROOM, ROOM, null, Category.CHAT, null, 10, null,
                Payload.json("{}"), null, 0, null)).hasMessageContaining("giftValue");
        assertThatThrownBy(() -> new PublishCommand(Scope.UNICAST, ROOM, UserId.of("a"), Category.CHAT, null, 0, null,
                Payload.json("{}"), null, 0, null)).hasMessageContaining("roomId");
        assertThatThrownBy(() -> new PublishCommand(Scope.ROOM, ROOM, null, Category.PK, null, 0, null,
                Payload.json("{}"), null, 3, null)).hasMessageContaining("stateKey");
        assertThatThrownBy(() -> new PublishCommand(Scope.ROOM, ROOM, null, Category.PK, null, 0, null,
                null, StateKey.of("pk"), 3, null)).hasMessageContaining("payload");
        assertThatThrownBy(() -> new PublishCommand(null, ROOM, null, Category.PK, null, 0, null,
                Payload.json("{}"), null, 0, null)).hasMessageContaining("scope");
    }

    @Test
    void givenConcurrentPublishersToOneRoom_fanout_receivesTheRoomsMessagesInPositionOrder() throws Exception {
        PublishMessageService service = service(DeliveryRules.defaults().withAdmission(AdmissionPolicy.ofRate(1_000_000)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        service.publish(gift(100, null));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Position> handed = fanout.delivered().stream().map(m -> m.position()).toList();
        assertThat(handed).hasSize(2_000).isSorted();
    }

    @Test
    void givenRoomUnicastAndBroadcastPublishersAtOnce_fanout_receivesThemInPositionOrder() throws Exception {
        PublishMessageService service = service(DeliveryRules.defaults().withAdmission(AdmissionPolicy.ofRate(1_000_000)));
        List<PublishCommand> kinds = List.of(gift(100, null),
                new PublishCommand(Scope.UNICAST, null, UserId.of("alice"), Category.NOTIFY, null, 0, null,
                        Payload.json("{}"), null, 0, null),
                new PublishCommand(Scope.BROADCAST, null, null, Category.NOTIFY, Priority.HIGH, 0, null,
                        Payload.json("{}"), null, 0, null));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (PublishCommand kind : kinds) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        service.publish(kind);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fanout.delivered()).hasSize(900);
        for (Family family : Family.values()) {
            assertThat(fanout.delivered().stream().filter(m -> m.family() == family).map(m -> m.position()).toList())
                    .as("in position order in the %s family", family).isSorted();
        }
    }

    @Test
    void givenStoreStalledOnAPublish_nextPublishToThatRoom_failsFastWithStoreUnavailable() throws Exception {
        java.util.concurrent.CountDownLatch inAppend = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        io.roomcast.application.port.out.MessageStore stalling = new StallingStore(store, inAppend, release);
        PublishMessageService service = new PublishMessageService(stalling, fanout, clock, DeliveryRules.defaults(), null, 100);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<PublishResult> first = pool.submit(() -> service.publish(gift(10, null)));
            assertThat(inAppend.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> service.publish(gift(10, null)))
                    .isInstanceOfSatisfying(RoomcastException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).isAccepted()).isTrue();
            assertThat(service.publish(gift(10, null)).isAccepted()).as("works again once the store answers").isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** The in-memory store, but the first append waits until released. */
    private record StallingStore(InMemoryMessageStore store, java.util.concurrent.CountDownLatch inAppend,
                                 java.util.concurrent.CountDownLatch release)
            implements io.roomcast.application.port.out.MessageStore {
        @Override
        public io.roomcast.application.port.out.AppendResult.Stored append(io.roomcast.domain.message.Message message) {
            stallOnce();
            return store.append(message);
        }

        @Override
        public io.roomcast.application.port.out.AppendResult append(io.roomcast.domain.message.Message message,
                                                                     io.roomcast.domain.policy.AdmissionPolicy policy) {
            stallOnce();
            return store.append(message, policy);
        }

        private void stallOnce() {
            if (inAppend.getCount() > 0) {
                inAppend.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public java.util.Optional<io.roomcast.domain.message.Message> findByIdempotencyKey(RoomId room, IdempotencyKey key) {
            return store.findByIdempotencyKey(room, key);
        }

        @Override
        public io.roomcast.application.port.out.ReadResult readSince(Feed feed, Cursor after, int max) {
            return store.readSince(feed, after, max);
        }

        @Override
        public io.roomcast.application.port.out.ReadResult readLatest(Feed feed, int max) {
            return store.readLatest(feed, max);
        }

        @Override
        public io.roomcast.application.port.out.SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max) {
            return store.closeSlice(room, fromMillis, toMillis, max);
        }

        @Override
        public List<io.roomcast.domain.message.Message> latestStates(RoomId room) {
            return store.latestStates(room);
        }

        @Override
        public Cursor head(RoomId room) {
            return store.head(room);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
