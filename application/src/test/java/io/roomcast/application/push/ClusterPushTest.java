package io.roomcast.application.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.in.PushViewer;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The push core fed by a {@link FakeBus}: subscriptions before replays, one path, linger, and the resume fallback. */
class ClusterPushTest {
    private static final RoomId R1 = RoomId.of("r1");
    private static final RoomId R2 = RoomId.of("r2");

    private final PushBackend backend = new PushBackend(500, 0);
    private final ManualLoops loops = new ManualLoops(backend.clock);
    private final ManualLoops.Loop loop = loops.newLoop();
    private final List<Runnable> blocking = new ArrayList<>();
    private final FakeBus bus = new FakeBus();
    private final PushService push = backend.push(new PushSettings(4, 600_000, 20, 1_000), bus);

    ClusterPushTest() {
        push.start(List.of(loop), blocking::add);
    }

    /** A viewer's connection and what it was written. */
    private final class Client {
        final UserId user;
        final RecordingSink sink = new RecordingSink();
        final PushViewer viewer = push.open(loop, sink, "s-" + System.identityHashCode(sink));

        Client(String user) {
            this.user = UserId.of(user);
        }

        Client enter(RoomId room, Cursor from) {
            loop.execute(() -> viewer.enter(room, user, from));
            settle();
            return this;
        }

        List<MessageId> delivered() {
            return sink.written.stream().flatMap(b -> b.entries().stream()).map(Message::id).toList();
        }

        Cursor cursor() {
            return sink.written.isEmpty() ? sink.starts.get(sink.starts.size() - 1)
                    : sink.written.get(sink.written.size() - 1).header().through();
        }
    }

    private void settle() {
        loops.runReady();
        while (!blocking.isEmpty()) {
            blocking.remove(0).run();
            loops.runReady();
        }
        loops.advance(1_000);
    }

    private PublishResult chat(RoomId room) {
        return backend.publish(room.value(), Category.CHAT, Priority.HIGH);
    }

    @Test
    void givenABus_aViewerEntering_readsItsReplayOnlyOnceTheRoomIsSubscribed() {
        bus.holdWatches = true;
        Client ann = new Client("ann");
        loop.execute(() -> ann.viewer.enter(R1, UserId.of("ann"), null));
        loops.runReady();

        assertThat(bus.watches).containsExactly(R1);
        assertThat(blocking).as("no replay read before the subscription is up").isEmpty();
        PublishResult between = chat(R1);
        assertThat(bus.isSubscribed(R1)).isFalse();

        bus.confirm(R1);
        settle();
        assertThat(ann.sink.starts).as("the replay starts after what was stored before the subscription")
                .extracting(Cursor::room).containsExactly(between.cursor().part());
        PublishResult live = chat(R1);
        settle();
        assertThat(ann.delivered()).containsExactly(live.id());
    }

    @Test
    void givenABus_everyMessageReachesViewersOverTheBusOnly_onceEach() {
        Client ann = new Client("ann").enter(R1, null);
        Client bob = new Client("bob").enter(R1, null);
        List<MessageId> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(chat(R1).id());
        }
        published.add(backend.broadcast(Priority.CRITICAL).id());
        published.add(backend.publishToUser("ann").id());
        settle();

        assertThat(bus.watches).as("one subscription per room and node").containsExactly(R1);
        assertThat(ann.delivered()).containsExactlyElementsOf(published);
        assertThat(bob.delivered()).as("bob has no unicast of ann's").containsExactlyElementsOf(published.subList(0, 6));
    }

    @Test
    void givenALostSubscription_viewersGetARetryableClose_andResumingByCursorMissesNothing_andRepeatsNothing() {
        Client ann = new Client("ann").enter(R1, null);
        Client other = new Client("other").enter(R2, null);
        MessageId first = chat(R1).id();
        settle();
        bus.losing = true;
        MessageId lost1 = chat(R1).id();
        MessageId lost2 = backend.broadcast(Priority.HIGH).id();
        bus.resubscribed(Optional.of(R1));
        MessageId after = chat(R1).id();
        settle();

        assertThat(ann.delivered()).containsExactly(first);
        assertThat(ann.sink.failures).extracting(RoomcastException::code).containsExactly(ErrorCode.STORE_UNAVAILABLE);
        assertThat(other.sink.failures).as("only the room whose subscription was lost").isEmpty();

        Client again = new Client("again").enter(R1, ann.cursor());
        MessageId later = chat(R1).id();
        settle();
        // The room's messages in order; the broadcast (the platform's sequence) anywhere among them.
        assertThat(again.delivered()).containsExactlyInAnyOrder(lost1, lost2, after, later)
                .containsSubsequence(lost1, after, later);
        assertThat(again.sink.written.stream().mapToInt(b -> b.skipped().total()).sum()).isZero();
    }

    @Test
    void givenAMessageTheBusLostSilently_theNextOneOfItsRoom_revealsTheGap_andResumingByCursorMissesNothing() {
        Client ann = new Client("ann").enter(R1, null);
        Client other = new Client("other").enter(R2, null);
        MessageId first = chat(R1).id();
        chat(R2);
        settle();
        bus.silentlyLose = 1;
        MessageId lost = chat(R1).id();
        MessageId next = chat(R1).id();
        MessageId otherRoom = chat(R2).id();
        settle();

        assertThat(ann.delivered()).as("no block passes the lost message").containsExactly(first);
        assertThat(ann.sink.failures).extracting(RoomcastException::code).containsExactly(ErrorCode.STORE_UNAVAILABLE);
        assertThat(other.sink.failures).as("another room's sequence has no gap").isEmpty();
        assertThat(other.delivered()).endsWith(otherRoom);

        Client again = new Client("again").enter(R1, ann.cursor());
        settle();
        assertThat(again.delivered()).containsExactly(lost, next);
    }

    @Test
    void givenABroadcastTheBusLostSilently_theNextBroadcast_revealsTheGap_forEveryRoom() {
        Client ann = new Client("ann").enter(R1, null);
        Client bob = new Client("bob").enter(R2, null);
        backend.broadcast(Priority.HIGH);
        settle();
        bus.silentlyLose = 1;
        backend.broadcast(Priority.HIGH);
        backend.broadcast(Priority.HIGH);
        settle();

        assertThat(ann.sink.failures).hasSize(1);
        assertThat(bob.sink.failures).hasSize(1);
    }

    @Test
    void givenALostPlatformSubscription_theViewersOfEveryRoomResume() {
        Client ann = new Client("ann").enter(R1, null);
        Client bob = new Client("bob").enter(R2, null);

        bus.resubscribed(Optional.empty());
        settle();

        assertThat(ann.sink.failures).hasSize(1);
        assertThat(bob.sink.failures).hasSize(1);
    }

    @Test
    void givenTheLastViewerLeft_theSubscriptionEndsAfterTheLinger_unlessAViewerCameBack() {
        Client ann = new Client("ann").enter(R1, null);
        loop.execute(ann.viewer::leave);
        loops.runReady();
        loops.advance(RoomWatches.LINGER_MILLIS / 2);
        Client bob = new Client("bob").enter(R1, null);
        loops.advance(RoomWatches.LINGER_MILLIS * 2);
        assertThat(bus.unwatches).as("a viewer came back within the linger").isEmpty();
        assertThat(bus.watches).containsExactly(R1);

        loop.execute(bob.viewer::close);
        loops.runReady();
        loops.advance(RoomWatches.LINGER_MILLIS - 1);
        assertThat(bus.unwatches).isEmpty();
        loops.advance(1);
        assertThat(bus.unwatches).containsExactly(R1);

        MessageId unseen = chat(R1).id();
        Client carl = new Client("carl").enter(R1, bob.cursor());
        assertThat(bus.watches).as("subscribed again").containsExactly(R1, R1);
        assertThat(carl.delivered()).containsExactly(unseen);
    }

    @Test
    void givenASubscriptionThatFails_theViewerGetsStoreUnavailable_andTheNextViewerSubscribesAgain() {
        bus.holdWatches = true;
        Client ann = new Client("ann");
        loop.execute(() -> ann.viewer.enter(R1, UserId.of("ann"), null));
        loops.runReady();
        bus.fail(R1, new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "Redis is down"));
        settle();
        assertThat(ann.sink.failures).extracting(RoomcastException::getMessage).containsExactly("Redis is down");
        assertThat(ann.sink.starts).isEmpty();

        bus.holdWatches = false;
        Client bob = new Client("bob").enter(R1, null);
        assertThat(bus.watches).containsExactly(R1, R1);
        assertThat(bob.sink.starts).hasSize(1);
        List<Block> written = bob.sink.written;
        MessageId live = chat(R1).id();
        settle();
        assertThat(written.stream().flatMap(b -> b.entries().stream()).map(Message::id)).containsExactly(live);
    }

    /** Two position checks: the first takes each family's baseline, the second judges it. */
    private void twoPositionChecks() {
        for (int i = 0; i < 2; i++) {
            loops.advance(PositionCheck.EVERY_MILLIS);
            settle();
        }
    }

    @Test
    void givenARoomsSubscriptionGoneWithoutAnEvent_andNothingAfter_thePositionCheck_subscribesItAgain() {
        Client ann = new Client("ann").enter(R1, null);
        Client bob = new Client("bob").enter(R2, null);
        MessageId first = chat(R1).id();
        chat(R2);
        settle();
        bus.losing = true; // the channel is gone: nothing arrives, nothing is reported
        MessageId lost = chat(R1).id();
        MessageId last = chat(R1).id();
        settle();

        twoPositionChecks();

        assertThat(bus.resubscribes).as("the room whose messages stopped, only").containsExactly(Optional.of(R1));
        bus.resubscribed(Optional.of(R1));
        settle();
        assertThat(ann.delivered()).containsExactly(first);
        assertThat(ann.sink.failures).extracting(RoomcastException::code).containsExactly(ErrorCode.STORE_UNAVAILABLE);
        assertThat(bob.sink.failures).isEmpty();
        Client again = new Client("again").enter(R1, ann.cursor());
        settle();
        // Ten seconds of checks later the two chat lines are past their age: told as skipped, not lost.
        int skipped = again.sink.written.stream().mapToInt(b -> b.skipped().total()).sum();
        assertThat(again.delivered().size() + skipped).as("delivered + skipped").isEqualTo(2);
        assertThat(again.delivered()).isSubsetOf(lost, last);
        assertThat(again.cursor().room().seq()).as("past both").isEqualTo(backend.store.head(R1).room().seq());
    }

    @Test
    void givenThePlatformsSubscriptionGoneWithoutAnEvent_thePositionCheck_subscribesItAgain() {
        new Client("ann").enter(R1, null);
        backend.broadcast(Priority.HIGH);
        settle();
        bus.losing = true;
        backend.broadcast(Priority.HIGH);
        settle();

        twoPositionChecks();

        assertThat(bus.resubscribes).containsExactly(Optional.empty());
    }

    @Test
    void givenTheBusBringingEverything_thePositionCheck_subscribesNothingAgain() {
        new Client("ann").enter(R1, null);
        for (int i = 0; i < 4; i++) {
            chat(R1);
            backend.broadcast(Priority.HIGH);
            twoPositionChecks();
        }

        assertThat(bus.resubscribes).isEmpty();
    }
}
