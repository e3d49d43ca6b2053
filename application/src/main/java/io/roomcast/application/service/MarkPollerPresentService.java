package io.roomcast.application.service;

import io.roomcast.application.port.in.MarkPollerPresentUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.domain.message.RoomId;
import java.util.Objects;

/**
 * Counts a poller whose answer did not need a poll: the same bookkeeping {@link PollRoomService}
 * does for every poll naming a viewer. The directory is in memory, so this never blocks. Thread-safe.
 */
public final class MarkPollerPresentService implements MarkPollerPresentUseCase {
    private final RoomDirectory directory;
    private final Clock clock;

    public MarkPollerPresentService(RoomDirectory directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void markPresent(RoomId room, String viewer) {
        directory.touch(room, viewer, clock.millis());
    }
}
