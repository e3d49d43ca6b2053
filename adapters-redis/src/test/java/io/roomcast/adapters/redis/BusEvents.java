package io.roomcast.adapters.redis;

import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a bus told its listener, in order: messages and resubscriptions (an {@code Optional<RoomId>}). Thread-safe. */
final class BusEvents implements ClusterBus.Listener {
    private final List<Object> all = new ArrayList<>();

    @Override
    public synchronized void published(Message stored) {
        all.add(stored);
    }

    @Override
    public synchronized void resubscribed(Optional<RoomId> room) {
        all.add(room);
    }

    synchronized List<Object> all() {
        return List.copyOf(all);
    }

    List<MessageId> ids() {
        return all().stream().filter(Message.class::isInstance).map(m -> ((Message) m).id()).toList();
    }

    /** The ids of the messages of {@code room} (empty: of the platform), in the order they came. */
    List<MessageId> ids(Optional<RoomId> room) {
        return all().stream().filter(Message.class::isInstance).map(Message.class::cast)
                .filter(m -> Optional.ofNullable(m.roomId()).equals(room)).map(Message::id).toList();
    }

    /** The resubscriptions reported, in order. */
    List<Object> resubscriptions() {
        return all().stream().filter(Optional.class::isInstance).toList();
    }

    /** Where message {@code id} is in {@link #all()}, or -1. */
    int indexOf(MessageId id) {
        List<Object> events = all();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof Message m && m.id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
