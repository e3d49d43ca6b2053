package io.roomcast.application.service;

import io.roomcast.application.port.in.RoomStateUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.List;
import java.util.Objects;

/** Reads a room's latest state messages from the store, stamped as sent now. Thread-safe. */
public final class RoomStateService implements RoomStateUseCase {
    private final MessageStore store;
    private final Clock clock;

    public RoomStateService(MessageStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Message> latestStates(RoomId room) {
        long now = clock.millis();
        return store.latestStates(room).stream().map(m -> m.sentAt(now)).toList();
    }
}
