package io.roomcast.application.push;

import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus's messages into the push core, on the bus's thread, in position order: each is
 * only enqueued on the shards' loops ({@link PushService#deliver}). A message whose family's sequence
 * skipped some before it ({@link RoomWatches#follows}: a silent loss), or a subscription the bus
 * reports lost and made again, interrupts the rooms concerned: their lanes go, their viewers resume
 * by cursor.
 *
 * <p>Keeps no state of its own: called on the bus's thread; what it reads is thread-safe.
 */
final class BusListener implements ClusterBus.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(BusListener.class);

    private final PushService push;
    private final RoomWatches watches;
    private final Subscriptions index;

    BusListener(PushService push, RoomWatches watches, Subscriptions index) {
        this.push = push;
        this.watches = watches;
        this.index = index;
    }

    @Override
    public void published(Message stored) {
        if (!watches.follows(stored)) {
            Optional<RoomId> family = stored.family() == Family.ROOM ? Optional.of(stored.roomId()) : Optional.empty();
            LOG.warn("cluster bus: {} skipped messages before {} (a silent loss): its viewers resume by cursor",
                    family.map(RoomId::toString).orElse("the platform's sequence"), stored.position().part().encode());
            resubscribed(family);
        }
        push.deliver(stored);
    }

    @Override
    public void resubscribed(Optional<RoomId> room) {
        push.interrupted(room.<Collection<RoomId>>map(List::of).orElseGet(() -> List.copyOf(index.watchedRooms())));
    }
}
