package io.roomcast.application.push;

import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.block.RoomLane;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The viewers of every room on one loop: a drained window arrives as one task and each viewer of
 * its room gets the same {@link Outgoing} (or its personal block).
 *
 * <p>Not thread-safe by design: every method runs on {@link #loop}; nothing here is shared with
 * another loop, so the hot path takes no lock.
 */
final class ViewerGroup {
    final TaskLoop loop;
    private final Subscriptions index;
    private final PushService push;
    private final Map<RoomId, Members> rooms = new HashMap<>();

    /**
     * A room's viewers on this loop, and the array a block is handed out over: made again only
     * after a viewer came or went, not once per block.
     */
    private static final class Members {
        final Set<Viewer> viewers = new LinkedHashSet<>();
        Viewer[] snapshot;

        boolean add(Viewer viewer) {
            snapshot = null;
            return viewers.add(viewer);
        }

        boolean remove(Viewer viewer) {
            snapshot = null;
            return viewers.remove(viewer);
        }

        /** A viewer may close (and leave the set) while it is handed a block: iterate over this, not the set. */
        Viewer[] snapshot() {
            Viewer[] s = snapshot;
            if (s == null) {
                s = viewers.toArray(new Viewer[0]);
                snapshot = s;
            }
            return s;
        }
    }

    ViewerGroup(TaskLoop loop, Subscriptions index, PushService push) {
        this.loop = loop;
        this.index = index;
        this.push = push;
    }

    void subscribe(Viewer viewer, RoomId room, UserId user) {
        if (rooms.computeIfAbsent(room, r -> new Members()).add(viewer)) {
            index.join(room, user, this);
        }
    }

    void unsubscribe(Viewer viewer, RoomId room, UserId user) {
        Members members = rooms.get(room);
        if (members == null || !members.remove(viewer)) {
            return;
        }
        if (members.viewers.isEmpty()) {
            rooms.remove(room);
        }
        if (index.leave(room, user, this)) {
            push.unwatched(room);
        }
    }

    /** Hands a drained window of {@code room} to every viewer of it on this loop. */
    void deliver(RoomId room, RoomLane.Drained drained) {
        Members members = rooms.get(room);
        if (members == null) {
            return;
        }
        int offered = 0;
        int holding = 0;
        for (Viewer viewer : members.snapshot()) {
            Outgoing block = drained.blockFor(viewer.user());
            if (block != null) {
                offered++;
                if (viewer.offer(block)) {
                    holding++;
                }
            }
        }
        push.counted(offered, holding);
    }

    /** The bus may have missed messages of {@code room}: every viewer of it here resumes by cursor. */
    void interrupt(RoomId room) {
        Members members = rooms.get(room);
        if (members == null) {
            return;
        }
        RoomcastException error = new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "the live stream of room "
                + room.value() + " was interrupted; reconnect and resume with your cursor");
        for (Viewer viewer : members.snapshot()) {
            viewer.interrupted(error);
        }
    }

    /** Viewers of {@code room} on this loop (for tests and stats). */
    int viewers(RoomId room) {
        Members members = rooms.get(room);
        return members == null ? 0 : members.viewers.size();
    }
}
