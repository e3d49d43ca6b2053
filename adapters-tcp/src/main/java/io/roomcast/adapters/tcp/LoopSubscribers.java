package io.roomcast.adapters.tcp;

import io.netty.channel.EventLoop;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * The viewers of every room whose connections belong to one event loop, and the write side of
 * the fan-out on that loop: a batch arrives as one task, each viewer gets the same bytes (a
 * retained duplicate, or its personal block), and the loop flushes every connection it wrote to
 * once, in a task queued behind whatever batches are already waiting: one flush per turn, not one
 * per block.
 *
 * <p>Not thread-safe by design: every method runs on {@link #loop}; nothing here is shared with
 * another loop, so the hot path takes no lock.
 */
final class LoopSubscribers {
    final EventLoop loop;
    private final Subscriptions index;
    private final RoomFanout fanout;
    private final Map<RoomId, Set<SessionHandler>> rooms = new HashMap<>();
    private List<SessionHandler> dirty = new ArrayList<>();
    private List<SessionHandler> flushing = new ArrayList<>();
    private boolean flushQueued;

    LoopSubscribers(EventLoop loop, Subscriptions index, RoomFanout fanout) {
        this.loop = loop;
        this.index = index;
        this.fanout = fanout;
    }

    void subscribe(SessionHandler session, RoomId room, UserId user) {
        assert loop.inEventLoop();
        if (rooms.computeIfAbsent(room, r -> new LinkedHashSet<>()).add(session)) {
            index.join(room, user, this);
        }
    }

    void unsubscribe(SessionHandler session, RoomId room, UserId user) {
        assert loop.inEventLoop();
        Set<SessionHandler> viewers = rooms.get(room);
        if (viewers == null || !viewers.remove(session)) {
            return;
        }
        if (viewers.isEmpty()) {
            rooms.remove(room);
        }
        if (index.leave(room, user, this)) {
            fanout.unwatched(room);
        }
    }

    /** Hands the batch to every viewer of its room on this loop, then releases this loop's reference. */
    void deliver(FanoutBatch batch) {
        try {
            Set<SessionHandler> viewers = rooms.get(batch.room);
            if (viewers == null) {
                return;
            }
            // A snapshot: a viewer may close (and leave the set) while it is handed a block.
            for (SessionHandler session : viewers.toArray(new SessionHandler[0])) {
                EncodedBlock block = batch.blockFor(session.user());
                if (block != null) {
                    session.offer(block);
                }
            }
        } finally {
            batch.release();
        }
    }

    /** Asks for one flush of {@code session} at the end of this turn. */
    void markDirty(SessionHandler session) {
        if (session.dirty) {
            return;
        }
        session.dirty = true;
        dirty.add(session);
        if (!flushQueued) {
            flushQueued = true;
            try {
                loop.execute(this::flushDirty);
            } catch (RejectedExecutionException e) {
                // The loop is shutting down: flush now rather than never.
                flushDirty();
            }
        }
    }

    private void flushDirty() {
        flushQueued = false;
        // Swap first: a flush may make a connection writable again and mark it dirty anew.
        List<SessionHandler> now = dirty;
        dirty = flushing;
        flushing = now;
        for (SessionHandler session : now) {
            session.dirty = false;
            session.flush();
        }
        now.clear();
    }

    /** Viewers of {@code room} on this loop (for tests and stats). */
    int viewers(RoomId room) {
        Set<SessionHandler> viewers = rooms.get(room);
        return viewers == null ? 0 : viewers.size();
    }
}
