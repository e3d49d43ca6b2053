package io.roomcast.adapters.tcp;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push path: every stored message goes to the block window of its room; when a window closes
 * its block is encoded once and the same bytes go to every viewer of the room on this node.
 *
 * <p>Threads. {@link #deliver} runs on the publisher's thread and only enqueues a task (a lock-free
 * queue offer) on the room's <em>shard</em>, one of the server's event loops chosen by the room's
 * hash; the shard owns that room's {@link RoomLane} and drives its deadline with the loop's
 * scheduler (no timer thread, no polling). A drained window is encoded on the shard, then handed
 * with one task to each event loop that holds viewers of the room ({@link LoopSubscribers}), which
 * writes it to its own connections. No lock is shared between loops.
 *
 * <p>Rooms without a viewer on this node are not windowed at all: a viewer that joins later reads
 * what it missed from the store (it subscribes before it reads, so nothing falls between).
 * Broadcasts go into the window of every watched room, so a block's cursor covers them too;
 * unicast messages go into the lanes of the rooms where their user watches (see {@link RoomLane}).
 *
 * <p>Thread-safe. Before {@link #start} and after {@link #stop} messages are dropped: there is
 * nobody to push to, and they are in the store.
 */
final class RoomFanout implements Fanout {
    private static final Logger LOG = LoggerFactory.getLogger(RoomFanout.class);

    private final Clock clock;
    private final DeliveryRules rules;
    private final Subscriptions index = new Subscriptions();
    private final ConcurrentMap<EventLoop, LoopSubscribers> loops = new ConcurrentHashMap<>();
    private volatile List<Shard> shards = List.of();

    @Inject
    RoomFanout(Clock clock, DeliveryRules rules) {
        this.clock = clock;
        this.rules = rules;
    }

    /** Starts windowing on these event loops (the server's I/O loops). */
    void start(List<EventLoop> shardLoops) {
        if (shardLoops.isEmpty()) {
            throw new IllegalArgumentException("no event loops to run the fan-out on");
        }
        List<Shard> created = new ArrayList<>(shardLoops.size());
        for (EventLoop loop : shardLoops) {
            created.add(new Shard(loop));
        }
        shards = List.copyOf(created);
    }

    /** Stops windowing; what the windows held is dropped (it is stored, and viewers resume by cursor). */
    void stop() {
        List<Shard> stopping = shards;
        shards = List.of();
        for (Shard shard : stopping) {
            try {
                shard.loop.execute(shard::clear);
            } catch (RejectedExecutionException e) {
                LOG.debug("fan-out shard already shut down", e);
            }
        }
    }

    /** The viewers on {@code loop}; created on first use. */
    LoopSubscribers subscribersOf(EventLoop loop) {
        return loops.computeIfAbsent(loop, l -> new LoopSubscribers(l, index, this));
    }

    Subscriptions index() {
        return index;
    }

    @Override
    public void deliver(Message stored) {
        List<Shard> current = shards;
        if (current.isEmpty() || !stored.isStored()) {
            return;
        }
        switch (stored.scope()) {
            case ROOM -> {
                RoomId room = stored.roomId();
                if (index.isWatched(room)) {
                    Shard shard = shardOf(current, room);
                    execute(shard, () -> shard.offer(room, stored));
                }
            }
            case BROADCAST -> {
                Map<Shard, List<RoomId>> byShard = new HashMap<>();
                for (RoomId room : index.watchedRooms()) {
                    byShard.computeIfAbsent(shardOf(current, room), s -> new ArrayList<>()).add(room);
                }
                byShard.forEach((shard, rooms) -> execute(shard, () -> rooms.forEach(room -> shard.offer(room, stored))));
            }
            case UNICAST -> {
                UserId user = stored.recipient();
                for (RoomId room : index.roomsOf(user)) {
                    Shard shard = shardOf(current, room);
                    execute(shard, () -> shard.offerUnicast(room, user, stored));
                }
            }
        }
    }

    /** The last viewer of {@code room} on this node left: forget its lane once it is idle. */
    void unwatched(RoomId room) {
        List<Shard> current = shards;
        if (!current.isEmpty()) {
            Shard shard = shardOf(current, room);
            execute(shard, () -> shard.forgetIfIdle(room));
        }
    }

    private static Shard shardOf(List<Shard> shards, RoomId room) {
        return shards.get(Math.floorMod(room.hashCode(), shards.size()));
    }

    private static void execute(Shard shard, Runnable task) {
        try {
            shard.loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("fan-out shard shut down; message not pushed (it is stored)", e);
        }
    }

    /** The lanes of the rooms hashed to one event loop; every method runs on that loop. */
    private final class Shard {
        final EventLoop loop;
        final Map<RoomId, RoomLane> lanes = new HashMap<>();

        Shard(EventLoop loop) {
            this.loop = loop;
        }

        void offer(RoomId room, Message stored) {
            RoomLane lane = lane(room);
            if (lane.offer(stored, clock.millis())) {
                drain(lane);
            } else {
                schedule(lane);
            }
        }

        void offerUnicast(RoomId room, UserId user, Message stored) {
            RoomLane lane = lane(room);
            lane.offerUnicast(user, stored);
            if (lane.isDue(clock.millis())) {
                drain(lane);
            } else {
                schedule(lane);
            }
        }

        private RoomLane lane(RoomId room) {
            return lanes.computeIfAbsent(room, r -> new RoomLane(r, rules.newBlockWindow(r)));
        }

        private void schedule(RoomLane lane) {
            if (lane.timer != null || lane.isIdle()) {
                return;
            }
            long delay = Math.max(1, lane.dueAt() - clock.millis());
            lane.timer = loop.schedule(() -> {
                lane.timer = null;
                if (lanes.get(lane.room) == lane) {
                    drain(lane);
                }
            }, delay, TimeUnit.MILLISECONDS);
        }

        private void drain(RoomLane lane) {
            long now = clock.millis();
            while (lane.isDue(now)) {
                RoomLane.Drained drained = lane.drain(now);
                try {
                    dispatch(lane.room, drained);
                } catch (RuntimeException e) {
                    // One bad block must not stop the room's lane; viewers that miss it resume by cursor.
                    LOG.error("fan-out of a block of room {} failed; it was not pushed", lane.room, e);
                }
            }
            if (!lane.isIdle()) {
                schedule(lane);
            } else if (!index.isWatched(lane.room)) {
                forget(lane);
            }
        }

        private void dispatch(RoomId room, RoomLane.Drained drained) {
            List<LoopSubscribers> targets = index.loopsOf(room);
            if (targets.isEmpty() || drained.isEmpty()) {
                return;
            }
            FanoutBatch batch = encode(room, drained);
            try {
                for (LoopSubscribers target : targets) {
                    // Released by target.deliver once its viewers have their duplicates (or here, if the loop is gone).
                    batch.retain();
                    try {
                        target.loop.execute(() -> target.deliver(batch));
                    } catch (RejectedExecutionException e) {
                        batch.release();
                    }
                }
            } finally {
                // The shard's own reference from encoding.
                batch.release();
            }
        }

        /** Encodes every block of the drain once; the caller owns one reference of each frame. */
        private FanoutBatch encode(RoomId room, RoomLane.Drained drained) {
            ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
            EncodedBlock shared = null;
            Map<UserId, EncodedBlock> personal = new HashMap<>();
            try {
                shared = drained.shared() == null ? null : EncodedBlock.encode(drained.shared(), alloc);
                for (Map.Entry<UserId, Block> e : drained.personal().entrySet()) {
                    personal.put(e.getKey(), EncodedBlock.encode(e.getValue(), alloc));
                }
                return new FanoutBatch(room, shared, personal);
            } catch (RuntimeException e) {
                if (shared != null) {
                    shared.release();
                }
                personal.values().forEach(EncodedBlock::release);
                throw e;
            }
        }

        void forgetIfIdle(RoomId room) {
            RoomLane lane = lanes.get(room);
            if (lane != null && lane.isIdle() && !index.isWatched(room)) {
                forget(lane);
            }
        }

        private void forget(RoomLane lane) {
            lanes.remove(lane.room);
            if (lane.timer != null) {
                lane.timer.cancel(false);
                lane.timer = null;
            }
        }

        void clear() {
            for (RoomLane lane : new ArrayList<>(lanes.values())) {
                forget(lane);
            }
        }
    }
}
