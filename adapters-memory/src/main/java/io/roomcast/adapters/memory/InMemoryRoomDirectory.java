package io.roomcast.adapters.memory;

import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.domain.message.RoomId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This node's view of who is in which room. Joined connections count until they leave; a poller
 * counts for {@code pollerTtlMillis} after its last poll. Thread-safe.
 *
 * <p>Bounded by who is really here: a room is forgotten once nobody is joined and its pollers have
 * expired (checked on leave, on counting, and by a sweep of every room each few thousand polls), so
 * polls of random room names cannot grow it without end. A room's count is recomputed at most every
 * {@value #RECOUNT_MILLIS} ms, so a hot room's polls do not each walk its pollers.
 */
public final class InMemoryRoomDirectory implements RoomDirectory {
    /** A poller that has not polled for this long (3 of the slowest intervals) is gone. */
    public static final long DEFAULT_POLLER_TTL_MILLIS = 6_000;
    static final long RECOUNT_MILLIS = 500;
    /**
     * A known poller's time is written again only once it is this much older than the poll: a hot
     * room's flat-out guests then mostly read (no bin lock, no boxed time), and a poller can expire
     * at most this much before {@code pollerTtlMillis} after its last poll.
     */
    static final long TOUCH_EVERY_MILLIS = 100;
    private static final int SWEEP_EVERY = 4_096;

    private final long pollerTtlMillis;
    private final ConcurrentMap<RoomId, Room> rooms = new ConcurrentHashMap<>();
    /** Counted without atomics on purpose: a count lost to a race only delays a sweep. */
    private int touches;

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
        volatile boolean counted;
        volatile long countedAt;
        volatile int count;

        boolean isEmpty() {
            return joined.isEmpty() && pollers.isEmpty();
        }

        /** Moves a known poller's time to {@code nowMillis} when it is stale enough; false when the poller is not known. */
        boolean refresh(String viewer, long nowMillis) {
            Long last = pollers.get(viewer);
            if (last == null) {
                return false;
            }
            return nowMillis - last < TOUCH_EVERY_MILLIS || pollers.replace(viewer, nowMillis) != null;
        }
    }

    @Override
    public void join(RoomId room, String viewer) {
        rooms.compute(room, (k, r) -> {
            Room existing = r == null ? new Room() : r;
            existing.joined.put(viewer, Boolean.TRUE);
            existing.counted = false;
            return existing;
        });
    }

    @Override
    public void leave(RoomId room, String viewer) {
        rooms.computeIfPresent(room, (k, r) -> {
            r.joined.remove(viewer);
            r.counted = false;
            return r.isEmpty() ? null : r;
        });
    }

    @Override
    public void touch(RoomId room, String viewer, long nowMillis) {
        Room known = rooms.get(room);
        // A poller already counted only moves its time, without the room's lock (every guest poll
        // of a hot room comes here), and only when its time is TOUCH_EVERY_MILLIS old. The room cannot
        // be forgotten meanwhile: expiry removes an entry only if it still holds the stale time it
        // tested, and a room only once it is empty.
        if (known == null || !known.refresh(viewer, nowMillis)) {
            touchNew(room, viewer, nowMillis);
        }
        if (++touches % SWEEP_EVERY == 0) {
            for (RoomId id : rooms.keySet()) {
                expire(id, nowMillis);
            }
        }
    }

    private void touchNew(RoomId room, String viewer, long nowMillis) {
        rooms.compute(room, (k, r) -> {
            Room existing = r == null ? new Room() : r;
            if (existing.pollers.put(viewer, nowMillis) == null) {
                existing.counted = false;
            }
            return existing;
        });
    }

    @Override
    public int online(RoomId room, long nowMillis) {
        Room r = rooms.get(room);
        if (r == null) {
            return 0;
        }
        if (r.counted && nowMillis - r.countedAt < RECOUNT_MILLIS) {
            return r.count;
        }
        expire(room, nowMillis);
        int pollersNotJoined = 0;
        for (Map.Entry<String, Long> e : r.pollers.entrySet()) {
            if (!r.joined.containsKey(e.getKey())) {
                pollersNotJoined++;
            }
        }
        r.count = r.joined.size() + pollersNotJoined;
        r.countedAt = nowMillis;
        r.counted = true;
        return r.count;
    }

    @Override
    public Collection<RoomId> rooms() {
        return List.copyOf(rooms.keySet());
    }

    private void expire(RoomId room, long nowMillis) {
        rooms.computeIfPresent(room, (k, r) -> {
            r.pollers.entrySet().removeIf(e -> nowMillis - e.getValue() > pollerTtlMillis);
            return r.isEmpty() ? null : r;
        });
    }
}
