package io.roomcast.application.port.in;

import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.application.port.out.ViewerSink;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Use case: the push path. Transports open a {@link PushViewer} per connection; the core windows
 * each watched room into blocks, hands each block to every viewer of the room, merges a slow
 * viewer's queue by priority and replays what a resuming viewer missed. Thread-safe.
 */
public interface PushUseCase {

    /**
     * Starts windowing rooms on {@code shards} (a room always on the same one); store reads for
     * replays run on {@code blocking}.
     */
    void start(List<? extends TaskLoop> shards, Executor blocking);

    /** Stops windowing; what the windows held is dropped (it is stored, and viewers resume by cursor). */
    void stop();

    /**
     * A new viewer on {@code loop}, writing to {@code sink}; {@code id} names it in the room's online
     * count. Every call on the viewer must be made on {@code loop}.
     */
    PushViewer open(TaskLoop loop, ViewerSink sink, String id);

    /** The block window in force now, in milliseconds (it follows the node's load), for meters. */
    long windowMillis();

    /** The most entries a block may have now (the node's shared cut; {@link Integer#MAX_VALUE}: none), for meters. */
    int blockMaxEntries();
}
