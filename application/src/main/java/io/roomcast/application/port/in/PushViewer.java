package io.roomcast.application.port.in;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;

/**
 * One viewer of the push path: watches one room at a time. Not thread-safe: every method is
 * called on the viewer's loop (see {@link PushUseCase#open}).
 */
public interface PushViewer {

    /**
     * Watches {@code room} (leaving the room it watched): subscribes, reads the replay off the loop,
     * tells the sink its start ({@code ViewerSink#started}), then writes the latest states, the
     * backlog since {@code from} and the live blocks.
     *
     * @param from the cursor to resume from, or null to start from now
     * @throws java.util.concurrent.RejectedExecutionException when the node is too busy to read replays
     */
    void enter(RoomId room, UserId user, Cursor from);

    /** Stops watching its room; the connection stays. */
    void leave();

    /** The connection takes writes again: what waits goes out. */
    void writable();

    /**
     * The client read what it had been sent after falling behind (its acknowledgements lagged): what
     * waits is merged into one block (the newest within each level, CRITICAL never dropped, the rest
     * counted as skipped) and goes out, so it is shown what is live rather than every held block in turn.
     */
    void caughtUp();

    /** Leaves and forgets everything; the viewer is done. */
    void close();

    /** The room watched now, or null. */
    RoomId room();

    /** Blocks waiting for the connection. */
    int pending();
}
