package io.roomcast.application.push;

import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The node-wide index of who watches what, for routing only: which loops hold viewers of a room,
 * and which rooms a user watches on this node. The viewers themselves live in each loop's
 * {@link ViewerGroup}, touched by that loop alone.
 *
 * <p>Thread-safe. Updates (join, leave) run {@code compute} on one key of a concurrent map, so they
 * serialize per room or user; reads on the message path are lock-free and see immutable snapshots.
 * A subscription is counted before its viewer reads its replay, so a message appended after that
 * read is routed to it (and one appended before is in the replay).
 */
final class Subscriptions {
    /** Per room: viewers per loop, and the loops that hold any, as an immutable snapshot. */
    private static final class Watch {
        final Map<ViewerGroup, Integer> counts;
        final List<ViewerGroup> groups;

        Watch(Map<ViewerGroup, Integer> counts) {
            this.counts = Map.copyOf(counts);
            this.groups = List.copyOf(counts.keySet());
        }
    }

    private final ConcurrentMap<RoomId, Watch> rooms = new ConcurrentHashMap<>();
    private final ConcurrentMap<UserId, Map<RoomId, Integer>> users = new ConcurrentHashMap<>();

    void join(RoomId room, UserId user, ViewerGroup group) {
        rooms.compute(room, (r, w) -> {
            Map<ViewerGroup, Integer> counts = w == null ? new HashMap<>() : new HashMap<>(w.counts);
            counts.merge(group, 1, Integer::sum);
            return new Watch(counts);
        });
        users.compute(user, (u, byRoom) -> {
            Map<RoomId, Integer> next = byRoom == null ? new HashMap<>() : new HashMap<>(byRoom);
            next.merge(room, 1, Integer::sum);
            return Map.copyOf(next);
        });
    }

    /** @return true when no viewer of {@code room} is left on this node */
    boolean leave(RoomId room, UserId user, ViewerGroup group) {
        users.computeIfPresent(user, (u, byRoom) -> {
            Map<RoomId, Integer> next = new HashMap<>(byRoom);
            next.computeIfPresent(room, (r, n) -> n == 1 ? null : n - 1);
            return next.isEmpty() ? null : Map.copyOf(next);
        });
        Watch after = rooms.computeIfPresent(room, (r, w) -> {
            Map<ViewerGroup, Integer> counts = new HashMap<>(w.counts);
            counts.computeIfPresent(group, (l, n) -> n == 1 ? null : n - 1);
            return counts.isEmpty() ? null : new Watch(counts);
        });
        return after == null;
    }

    boolean isWatched(RoomId room) {
        return rooms.containsKey(room);
    }

    /** The groups that hold viewers of {@code room} now. */
    List<ViewerGroup> groupsOf(RoomId room) {
        Watch w = rooms.get(room);
        return w == null ? List.of() : w.groups;
    }

    /** Every room with a viewer on this node (a live view). */
    Set<RoomId> watchedRooms() {
        return rooms.keySet();
    }

    /** The rooms {@code user} watches on this node. */
    Set<RoomId> roomsOf(UserId user) {
        Map<RoomId, Integer> byRoom = users.get(user);
        return byRoom == null ? Set.of() : byRoom.keySet();
    }
}
