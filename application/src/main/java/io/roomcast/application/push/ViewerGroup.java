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
    private final Map<RoomId, Set<Viewer>> rooms = new HashMap<>();

    ViewerGroup(TaskLoop loop, Subscriptions index, PushService push) {
        this.loop = loop;
        this.index = index;
        this.push = push;
    }

    void subscribe(Viewer viewer, RoomId room, UserId user) {
        if (rooms.computeIfAbsent(room, r -> new LinkedHashSet<>()).add(viewer)) {
            index.join(room, user, this);
        }
    }

    void unsubscribe(Viewer viewer, RoomId room, UserId user) {
        Set<Viewer> viewers = rooms.get(room);
        if (viewers == null || !viewers.remove(viewer)) {
            return;
        }
        if (viewers.isEmpty()) {
            rooms.remove(room);
        }
        if (index.leave(room, user, this)) {
            push.unwatched(room);
        }
    }

    /** Hands a drained window of {@code room} to every viewer of it on this loop. */
    void deliver(RoomId room, RoomLane.Drained drained) {
        Set<Viewer> viewers = rooms.get(room);
        if (viewers == null) {
            return;
        }
        // A snapshot: a viewer may close (and leave the set) while it is handed a block.
        int offered = 0;
        int holding = 0;
        for (Viewer viewer : viewers.toArray(new Viewer[0])) {
            Outgoing block = drained.blockFor(viewer.user());
            if (block != null) {
                viewer.offer(block);
                offered++;
                if (viewer.holdsForNode()) {
                    holding++;
                }
            }
        }
        push.counted(offered, holding);
    }

    /** The bus may have missed messages of {@code room}: every viewer of it here resumes by cursor. */
    void interrupt(RoomId room) {
        Set<Viewer> viewers = rooms.get(room);
        if (viewers == null) {
            return;
        }
        RoomcastException error = new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "the live stream of room "
                + room.value() + " was interrupted; reconnect and resume with your cursor");
        for (Viewer viewer : viewers.toArray(new Viewer[0])) {
            viewer.interrupted(error);
        }
    }

    /** Viewers of {@code room} on this loop (for tests and stats). */
    int viewers(RoomId room) {
        Set<Viewer> viewers = rooms.get(room);
        return viewers == null ? 0 : viewers.size();
    }
}
