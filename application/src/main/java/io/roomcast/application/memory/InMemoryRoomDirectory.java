package io.roomcast.application.memory;

import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.domain.message.RoomId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This node's view of who is in which room. Joined connections count until they leave; a poller
 * counts for {@code pollerTtlMillis} after its last poll. Thread-safe.
 */
public final class InMemoryRoomDirectory implements RoomDirectory {
    /** A poller that has not polled for this long (3 of the slowest intervals) is gone. */
    public static final long DEFAULT_POLLER_TTL_MILLIS = 6_000;

    private final long pollerTtlMillis;
    private final ConcurrentMap<RoomId, Room> rooms = new ConcurrentHashMap<>();

    public InMemoryRoomDirectory(long pollerTtlMillis) {
        if (pollerTtlMillis < 1) {
            throw new IllegalArgumentException("pollerTtlMillis must be positive");
        }
        this.pollerTtlMillis = pollerTtlMillis;
    }

    public InMemoryRoomDirectory() {
        this(DEFAULT_POLLER_TTL_MILLIS);
    }

    private static final class Room {
        final ConcurrentMap<String, Boolean> joined = new ConcurrentHashMap<>();
        final ConcurrentMap<String, Long> pollers = new ConcurrentHashMap<>();
    }

    @Override
    public void join(RoomId room, String viewer) {
        rooms.computeIfAbsent(room, r -> new Room()).joined.put(viewer, Boolean.TRUE);
    }

    @Override
    public void leave(RoomId room, String viewer) {
        Room r = rooms.get(room);
        if (r != null) {
            r.joined.remove(viewer);
        }
    }

    @Override
    public void touch(RoomId room, String viewer, long nowMillis) {
        rooms.computeIfAbsent(room, r -> new Room()).pollers.put(viewer, nowMillis);
    }

    @Override
    public int online(RoomId room, long nowMillis) {
        Room r = rooms.get(room);
        if (r == null) {
            return 0;
        }
        r.pollers.entrySet().removeIf(e -> nowMillis - e.getValue() > pollerTtlMillis);
        int pollersNotJoined = 0;
        for (Map.Entry<String, Long> e : r.pollers.entrySet()) {
            if (!r.joined.containsKey(e.getKey())) {
                pollersNotJoined++;
            }
        }
        return r.joined.size() + pollersNotJoined;
    }
}
