package io.roomcast.application.testing;

import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.domain.message.RoomId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A room directory in a map, for tests of the use cases and the adapters that drive them: joined
 * viewers count until they leave, pollers for {@link #POLLER_TTL_MILLIS} after their last poll.
 * The real one is {@code InMemoryRoomDirectory} in adapters-memory. Thread-safe.
 */
public final class FakeRoomDirectory implements RoomDirectory {
    /** How long a poller counts after its last poll. */
    public static final long POLLER_TTL_MILLIS = 6_000;
    /** Last poll of a joined viewer: it counts until it leaves. */
    private static final long JOINED = Long.MAX_VALUE;

    private final Map<RoomId, Map<String, Long>> rooms = new ConcurrentHashMap<>();

    @Override
    public void join(RoomId room, String viewer) {
        viewers(room).put(viewer, JOINED);
    }

    @Override
    public void leave(RoomId room, String viewer) {
        viewers(room).remove(viewer);
    }

    @Override
    public void touch(RoomId room, String viewer, long nowMillis) {
        viewers(room).merge(viewer, nowMillis, Math::max);
    }

    /** When {@code viewer} last polled {@code room} as far as this directory was told, or null. */
    public Long lastPoll(RoomId room, String viewer) {
        return viewers(room).get(viewer);
    }

    @Override
    public int online(RoomId room, long nowMillis) {
        return (int) viewers(room).values().stream()
                .filter(lastPoll -> lastPoll == JOINED || nowMillis - lastPoll <= POLLER_TTL_MILLIS)
                .count();
    }

    @Override
    public Collection<RoomId> rooms() {
        return List.copyOf(rooms.keySet());
    }

    private Map<String, Long> viewers(RoomId room) {
        return rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>());
    }
}
