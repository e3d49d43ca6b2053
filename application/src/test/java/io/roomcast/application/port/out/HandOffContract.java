package io.roomcast.application.port.out;

import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.inRoom;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The hand-off part of {@link MessageStoreContract} (which extends this, so every store runs it):
 * {@link MessageStore#appendAll(List, AdmissionPolicy, java.util.function.Consumer)} hands off
 * exactly what it stored, once, in batch order, also when it fails part way; and a store that says
 * it {@link MessageStore#handsOffInOrder hands off in order} does so for every room across callers
 * that hold no lock of their own.
 */
public abstract class HandOffContract extends BatchAppendContract {
    private final RoomId r1 = room("r1");
    private final RoomId r2 = room("r2");

    private static List<MessageId> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    @Test
    void givenDuplicateAndRefusedInABatch_appendAllWithHandOff_handsOffOnceWhatItStored_inBatchOrder() throws Exception {
        MessageStore store = store(ROOMY);
        long now = clock.millis();
        Message keyed = withKey(inRoom(r1, Category.GIFT, Priority.HIGH, now), "k-1");
        List<Message> batch = List.of(keyed, withKey(inRoom(r1, Category.GIFT, Priority.HIGH, now), "k-1"),
                inRoom(r1, Category.GIFT, Priority.HIGH, now), inRoom(r1, Category.GIFT, Priority.HIGH, now),
                chat(r2, now), toUser(user("alice"), now));
        List<List<Message>> handOffs = new CopyOnWriteArrayList<>();

        List<AppendResult> results = store.appendAll(batch, AdmissionPolicy.ofRate(2).withCriticalRate(1), handOffs::add);

        assertThat(results.get(1)).as("the retry").isInstanceOf(AppendResult.Stored.class);
        assertThat(results.get(3)).as("over the room's budget").isInstanceOf(AppendResult.Refused.class);
        assertThat(handOffs).as("one hand-off").hasSize(1);
        assertThat(ids(handOffs.get(0))).containsExactly(batch.get(0).id(), batch.get(2).id(), batch.get(4).id(),
                batch.get(5).id());
        assertThat(handOffs.get(0)).allMatch(Message::isStored);
    }

    @Test
    void givenStorageFailingPartWay_appendAllWithHandOff_handsOffWhatItStoredBeforeTheFailure() throws Exception {
        MessageStore store = store(ROOMY);
        RoomId broken = room("broken");
        breakWritesOf(store, broken);
        long now = clock.millis();
        List<Message> batch = List.of(chat(r1, now), chat(r2, now), chat(broken, now), chat(r1, now));
        List<List<Message>> handOffs = new CopyOnWriteArrayList<>();

        PartialBatchException failure = catchThrowableOfType(() -> store.appendAll(batch, null, handOffs::add),
                PartialBatchException.class);

        assertThat(failure).isNotNull();
        assertThat(handOffs).hasSize(1);
        assertThat(ids(handOffs.get(0))).containsExactly(batch.get(0).id(), batch.get(1).id());
    }

    @Test
    void givenSeveralThreadsBatchingOverSharedRooms_everyStoredMessageIsHandedOffOnce_inItsRoomsPositionOrder()
            throws Exception {
        MessageStore store = store(ROOMY);
        // A store that does not hand off in order leaves the order to its caller: this one takes a lock.
        ReentrantLock callersOrder = new ReentrantLock();
        boolean ordered = store.handsOffInOrder();
        List<Message> handedOff = new CopyOnWriteArrayList<>();
        Set<MessageId> stored = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int b = 0; b < 40; b++) {
                        List<Message> batch = new ArrayList<>();
                        for (int i = 0; i < 12; i++) {
                            Message message = chat(room("shared-" + ((thread + b + i) % 5)), clock.millis());
                            batch.add(i % 4 == 0 ? withKey(message, "t" + thread + "-b" + b + "-k" + (i % 8)) : message);
                        }
                        if (!ordered) {
                            callersOrder.lock();
                        }
                        try {
                            for (AppendResult result : store.appendAll(batch, null, handedOff::addAll)) {
                                if (result instanceof AppendResult.Stored s && !s.duplicate()) {
                                    stored.add(s.stored().id());
                                }
                            }
                        } finally {
                            if (!ordered) {
                                callersOrder.unlock();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(ids(handedOff)).as("each stored message handed off once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(stored);
        Map<RoomId, Long> lastSeq = new HashMap<>();
        Set<RoomId> rooms = new HashSet<>();
        for (Message message : handedOff) {
            assertThat(message.family()).isEqualTo(Family.ROOM);
            long seq = message.position().part().seq();
            Long last = lastSeq.put(message.roomId(), seq);
            rooms.add(message.roomId());
            assertThat(last == null || seq > last).as("%s handed off at seq %d after %d", message.roomId(), seq, last).isTrue();
        }
        assertThat(rooms).hasSize(5);
    }
}
