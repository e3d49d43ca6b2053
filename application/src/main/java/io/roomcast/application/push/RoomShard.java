package io.roomcast.application.push;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.RoomLane;
import io.roomcast.domain.block.WindowLength;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lanes of the rooms hashed to one loop, and their window timers. A drained window goes with
 * one task to every loop that holds viewers of its room. Every method but {@link #submit} runs on
 * {@link #loop}.
 */
final class RoomShard {
    private static final Logger LOG = LoggerFactory.getLogger(RoomShard.class);

    final TaskLoop loop;
    private final Clock clock;
    /** Times the windows: the clock, but never back ({@link SteadyMillis}); on this shard's loop only. */
    private final SteadyMillis steady;
    private final DeliveryRules rules;
    private final WindowLength windowLength;
    private final Subscriptions index;
    private final Map<RoomId, RoomLane> lanes = new HashMap<>();
    private final Map<RoomId, TaskLoop.Timer> timers = new HashMap<>();

    RoomShard(TaskLoop loop, Clock clock, DeliveryRules rules, WindowLength windowLength, Subscriptions index) {
        this.loop = loop;
        this.clock = clock;
        this.steady = new SteadyMillis(clock);
        this.rules = rules;
        this.windowLength = windowLength;
        this.index = index;
    }

    /** Runs {@code task} on this shard's loop; a loop that shut down drops it (the message is stored). */
    void submit(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("push shard shut down; message not pushed (it is stored)", e);
        }
    }

    void offer(RoomId room, Message stored) {
        RoomLane lane = lane(room);
        if (lane.offer(stored, steady.millis())) {
            drain(lane);
        } else {
            schedule(lane);
        }
    }

    void offerUnicast(RoomId room, UserId user, Message stored) {
        RoomLane lane = lane(room);
        lane.offerUnicast(user, stored);
        if (lane.isDue(steady.millis())) {
            drain(lane);
        } else {
            schedule(lane);
        }
    }

    private RoomLane lane(RoomId room) {
        return lanes.computeIfAbsent(room, r -> new RoomLane(r, rules.newBlockWindow(r, windowLength)));
    }

    private void schedule(RoomLane lane) {
        if (timers.containsKey(lane.room()) || lane.isIdle()) {
            return;
        }
        long delay = Math.max(1, lane.dueAt() - steady.millis());
        timers.put(lane.room(), loop.schedule(() -> {
            timers.remove(lane.room());
            if (lanes.get(lane.room()) == lane) {
                drain(lane);
            }
        }, delay));
    }

    private void drain(RoomLane lane) {
        long tick = steady.millis();
        long now = clock.millis();
        while (lane.isDue(tick)) {
            RoomLane.Drained drained = lane.drain(tick, now);
            try {
                dispatch(lane.room(), drained);
            } catch (RuntimeException e) {
                // One bad block must not stop the room's lane; viewers that miss it resume by cursor.
                LOG.error("push of a block of room {} failed; it was not pushed", lane.room(), e);
            }
        }
        if (!lane.isIdle()) {
            schedule(lane);
        } else if (!index.isWatched(lane.room())) {
            forget(lane.room());
        }
    }

    private void dispatch(RoomId room, RoomLane.Drained drained) {
        if (!drained.isEmpty()) {
            toGroups(room, target -> target.deliver(room, drained));
        }
    }

    /**
     * The bus may have missed messages of {@code room}: what its lane holds is dropped and its viewers
     * are closed with a retryable error, before any block of what the bus delivers next reaches them.
     */
    void interrupt(RoomId room) {
        forget(room);
        toGroups(room, target -> target.interrupt(room));
    }

    /** Runs {@code task} on the loop of every group that holds viewers of {@code room}. */
    private void toGroups(RoomId room, Consumer<ViewerGroup> task) {
        for (ViewerGroup target : index.groupsOf(room)) {
            try {
                target.loop.execute(() -> task.accept(target));
            } catch (RejectedExecutionException e) {
                LOG.debug("viewer loop shut down; its viewers resume by cursor", e);
            }
        }
    }

    void forgetIfIdle(RoomId room) {
        RoomLane lane = lanes.get(room);
        if (lane != null && lane.isIdle() && !index.isWatched(room)) {
            forget(room);
        }
    }

    private void forget(RoomId room) {
        lanes.remove(room);
        TaskLoop.Timer timer = timers.remove(room);
        if (timer != null) {
            timer.cancel();
        }
    }

    void clear() {
        for (RoomId room : new ArrayList<>(lanes.keySet())) {
            forget(room);
        }
    }

    /** Rooms with a lane on this shard (for tests). */
    List<RoomId> rooms() {
        return List.copyOf(lanes.keySet());
    }
}
