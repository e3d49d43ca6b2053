package io.roomcast.application.push;

import io.roomcast.application.port.in.PushViewer;
import io.roomcast.application.port.out.ViewerSink;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.block.PendingBlocks;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's side of the push path: the room it watches, its replay, and the blocks it could not
 * take yet.
 *
 * <p>States: {@code IDLE} (in no room) -> {@code RESUMING} (subscribed; live blocks wait while the
 * replay is read off the loop) -> {@code LIVE} -> {@code CLOSED}. A block is written at once while
 * the sink is writable and nothing waits before it; otherwise it joins the bounded
 * {@link PendingBlocks}, which merges by priority past its bound, and goes out when the sink says it
 * is {@linkplain #writable() writable} again. Every live block is cut at the replay's floor first, so
 * the viewer gets each message once and is told of each one it missed, once.
 *
 * <p>Not thread-safe: every method runs on the viewer's loop; the replay's result comes back there.
 */
final class Viewer implements PushViewer {
    private static final Logger LOG = LoggerFactory.getLogger(Viewer.class);

    private enum State { IDLE, RESUMING, LIVE, CLOSED }

    private final PushService push;
    private final ViewerGroup group;
    private final ViewerSink sink;
    private final String id;
    private final PendingBlocks pending;
    /** Live blocks that came while the replay was read, uncut: the floor is not known yet. */
    private final List<Outgoing> early = new ArrayList<>();
    private State state = State.IDLE;
    private UserId user;
    private RoomId room;
    private Cursor floor;
    private int generation;

    Viewer(PushService push, ViewerGroup group, ViewerSink sink, String id, PendingBlocks pending) {
        this.push = push;
        this.group = group;
        this.sink = sink;
        this.id = id;
        this.pending = pending;
    }

    UserId user() {
        return user;
    }

    @Override
    public RoomId room() {
        return room;
    }

    @Override
    public int pending() {
        return pending.size() + early.size();
    }

    @Override
    public void enter(RoomId target, UserId viewer, Cursor from) {
        if (state == State.CLOSED) {
            return;
        }
        leave();
        int gen = ++generation;
        user = viewer;
        room = target;
        floor = null;
        state = State.RESUMING;
        // Subscribe first, then read: a message is in the replay, in a live block, or in both (then cut).
        group.subscribe(this, target, viewer);
        push.directory().join(target, id);
        CompletableFuture<Void> ready = push.ready(target);
        if (ready.isDone() && !ready.isCompletedExceptionally()) {
            readReplay(gen, target, viewer, from);
        } else {
            // The bus subscribes the room first: the replay must not end before the live stream starts.
            ready.whenComplete((ok, error) -> onLoop(() -> {
                if (error != null) {
                    failed(gen, RoomWatches.failure(target, error));
                } else if (gen == generation && state == State.RESUMING) {
                    try {
                        readReplay(gen, target, viewer, from);
                    } catch (RejectedExecutionException e) {
                        failed(gen, new RoomcastException(ErrorCode.RATE_LIMITED, "too busy to read your replay; retry"));
                    }
                }
            }));
        }
    }

    private void readReplay(int gen, RoomId target, UserId viewer, Cursor from) {
        push.blocking().execute(() -> {
            Replay.Result replay;
            try {
                replay = push.replay().read(target, viewer, from);
            } catch (RoomcastException e) {
                onLoop(() -> failed(gen, e));
                return;
            } catch (RuntimeException e) {
                LOG.warn("viewer {}: replay of room {} failed", id, target, e);
                onLoop(() -> failed(gen, new RoomcastException(ErrorCode.INTERNAL, "internal error; reconnect")));
                return;
            }
            onLoop(() -> replayed(gen, replay));
        });
    }

    private void failed(int gen, RoomcastException error) {
        if (gen == generation && state == State.RESUMING) {
            sink.failed(error);
        }
    }

    /** The replay is read: the start, the replay and the live blocks that waited go out in order. */
    private void replayed(int gen, Replay.Result replay) {
        if (gen != generation || state != State.RESUMING) {
            return;
        }
        sink.started(replay.start());
        if (gen != generation || state == State.CLOSED) {
            // The sink closed the viewer or moved it on.
            return;
        }
        floor = replay.floor();
        long now = push.clock().millis();
        for (Outgoing block : replay.blocks()) {
            hold(block, now);
        }
        for (Outgoing block : early) {
            Outgoing newer = block.above(floor);
            if (newer != null) {
                hold(newer, now);
            }
        }
        early.clear();
        state = State.LIVE;
        writable();
    }

    /**
     * A block of this viewer's room from its group (on this loop).
     *
     * @return whether the viewer holds blocks it has not written after this one ({@link #pending()} above
     *     0), answered without reading its queues on the common path: a block written at once
     */
    boolean offer(Outgoing block) {
        if (state == State.RESUMING) {
            early.add(block);
            return true;
        }
        if (state != State.LIVE) {
            return false;
        }
        Outgoing mine = block.above(floor);
        if (mine == null) {
            return !pending.isEmpty();
        }
        if (pending.isEmpty() && sink.isWritable()) {
            sink.write(mine);
            // The write may have closed the viewer or made the sink ask for its queue, never filled it.
            return false;
        }
        hold(mine, push.clock().millis());
        writable();
        return pending() > 0;
    }

    private void hold(Outgoing block, long now) {
        if (pending.add(block, now)) {
            sink.merged();
        }
    }

    @Override
    public void caughtUp() {
        if (state == State.LIVE && pending.mergeAll(push.clock().millis())) {
            sink.merged();
        }
        writable();
    }

    @Override
    public void writable() {
        if (state != State.LIVE || pending.isEmpty()) {
            return;
        }
        long now = push.clock().millis();
        while (state == State.LIVE && !pending.isEmpty() && sink.isWritable()) {
            // A block that waited past its entries' age goes without them (counted), not seconds late.
            sink.write(pending.poll(now));
        }
    }

    /**
     * The live stream of its room may have missed messages: the viewer is closed with a retryable
     * {@code error} and comes back with its cursor (the replay is exact). Nothing more is written.
     */
    void interrupted(RoomcastException error) {
        if (state == State.RESUMING || state == State.LIVE) {
            close();
            sink.failed(error);
        }
    }

    @Override
    public void leave() {
        if (room == null) {
            return;
        }
        group.unsubscribe(this, room, user);
        push.directory().leave(room, id);
        room = null;
        floor = null;
        pending.clear();
        early.clear();
        generation++;
        if (state != State.CLOSED) {
            state = State.IDLE;
        }
    }

    @Override
    public void close() {
        leave();
        state = State.CLOSED;
    }

    private void onLoop(Runnable task) {
        try {
            group.loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("viewer {}: loop shut down", id, e);
        }
    }
}
