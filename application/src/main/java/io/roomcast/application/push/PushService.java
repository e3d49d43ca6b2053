package io.roomcast.application.push;

import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.in.PushUseCase;
import io.roomcast.application.port.in.PushViewer;
import io.roomcast.application.port.in.RoomStateUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.HostCpu;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.application.port.out.ViewerSink;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.block.PendingBlocks;
import io.roomcast.domain.block.WindowLength;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The push core: every stored message goes to the block window of its room; when a window closes
 * its block goes to every viewer of the room on this node, the same {@code Outgoing} for all.
 *
 * <p>Threads. {@link #deliver} runs on the publisher's thread and only enqueues a task on the
 * room's shard, one of the loops given to {@link #start} chosen by the room's hash; the shard owns
 * that room's lane and its timer. A drained window goes with one task to each loop that holds
 * viewers of the room ({@link ViewerGroup}). No lock is shared between loops.
 *
 * <p>The block window of every room follows the node's load ({@link AdaptiveWindow}, when the
 * policy gives a range): short while the loops keep up, long when they fall behind.
 *
 * <p>Rooms without a viewer on this node are not windowed at all: a viewer that joins later reads
 * what it missed from the store (it subscribes before it reads, so nothing falls between).
 * Broadcasts go into the window of every watched room, so a block's cursor covers them too;
 * unicast messages go into the lanes of the rooms where their user watches.
 *
 * <p>With a {@link ClusterBus} (several nodes on one Redis), messages come from the bus only, this
 * node's own publishes included (they come back over it; the publish path's {@code Fanout} is then
 * {@code Fanout.none()}). A room's channel is subscribed when a viewer enters it, and the viewer
 * reads its replay once the subscription is up ({@link RoomWatches}). When the bus reports a
 * subscription that may have missed messages ({@link BusListener}), the room's lane is dropped and its
 * viewers get a retryable error: they resume by cursor, and the replay is exact. Without a bus, the
 * {@link Fanout} feeds this node's publishes in.
 *
 * <p>Thread-safe. Before {@link #start} and after {@link #stop} messages are not pushed: there is
 * nobody to push to, and they are in the store.
 */
public final class PushService implements PushUseCase, Fanout {
    private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);

    private final Clock clock;
    private final DeliveryRules rules;
    private final PushSettings settings;
    private final RoomDirectory directory;
    private final Replay replay;
    private final Subscriptions index = new Subscriptions();
    private final AdaptiveWindow window;
    private final WindowLength windowLength;
    private final HostCpu cpu;
    private volatile LoadWatch watch;
    private final ConcurrentMap<TaskLoop, ViewerGroup> groups = new ConcurrentHashMap<>();
    private volatile List<RoomShard> shards = List.of();
    private volatile Executor blocking;
    /** The bus subscriptions, or null without a bus. */
    private final RoomWatches watches;
    /** The check that the bus brings what is stored, or null without a bus. */
    private final PositionCheck positions;

    public PushService(PollRoomUseCase poll, RoomStateUseCase states, RoomDirectory directory, Clock clock,
                       DeliveryRules rules, PushSettings settings) {
        this(poll, states, directory, clock, HostCpu.UNKNOWN, rules, settings, ClusterBus.none(), room -> Cursor.ORIGIN);
    }

    /**
     * The push core fed by {@code bus}, or by the {@link Fanout} when {@code bus} is {@link ClusterBus#none()};
     * with a bus, {@code heads} (the store's {@code head}) lets it check that the bus brings what is stored ({@link PositionCheck}).
     */
    public PushService(PollRoomUseCase poll, RoomStateUseCase states, RoomDirectory directory, Clock clock, HostCpu cpu,
                       DeliveryRules rules, PushSettings settings, ClusterBus bus, Function<RoomId, Cursor> heads) {
        this.watches = Objects.requireNonNull(bus, "bus") == ClusterBus.none() ? null : new RoomWatches(bus);
        this.positions = watches == null ? null : new PositionCheck(watches, Objects.requireNonNull(heads, "heads"));
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.replay = new Replay(poll, states, clock, rules.polling().maxLimit(), settings.resumeMaxMessages());
        BlockPolicy blocks = rules.blocks();
        this.window = blocks.isAdaptive() ? new AdaptiveWindow(blocks, clock.millis()) : null;
        this.windowLength = window != null ? window : WindowLength.fixed(blocks.windowMillis());
    }

    @Override
    public void start(List<? extends TaskLoop> shardLoops, Executor blockingReads) {
        if (shardLoops.isEmpty()) {
            throw new IllegalArgumentException("no loops to run the push path on");
        }
        blocking = Objects.requireNonNull(blockingReads, "blocking");
        List<RoomShard> created = new ArrayList<>(shardLoops.size());
        for (TaskLoop loop : shardLoops) {
            created.add(new RoomShard(loop, clock, rules, windowLength, index));
        }
        shards = List.copyOf(created);
        if (watches != null) {
            watches.start(new BusListener(this, watches, index));
            positions.start(shardLoops.get(0), blockingReads);
        }
        if (window != null) {
            LoadWatch started = new LoadWatch(clock, cpu, window);
            started.start(shardLoops);
            watch = started;
        }
    }

    @Override
    public void stop() {
        List<RoomShard> stopping = shards;
        shards = List.of();
        LoadWatch watching = watch;
        if (watching != null) {
            watching.stop();
        }
        if (positions != null) {
            positions.stop();
        }
        for (RoomShard shard : stopping) {
            shard.submit(shard::clear);
        }
    }

    @Override
    public PushViewer open(TaskLoop loop, ViewerSink sink, String id) {
        ViewerGroup group = groups.computeIfAbsent(loop, l -> new ViewerGroup(l, index, this));
        return new Viewer(this, group, sink, id,
                new PendingBlocks(settings.maxPendingBlocks(), settings.maxPendingMillis(), settings.mergedBlockMaxEntries(),
                        rules.pick()));
    }

    @Override
    public void deliver(Message stored) {
        List<RoomShard> current = shards;
        if (current.isEmpty() || !stored.isStored()) {
            return;
        }
        switch (stored.scope()) {
            case ROOM -> {
                RoomId room = stored.roomId();
                if (index.isWatched(room)) {
                    RoomShard shard = shardOf(current, room);
                    shard.submit(() -> shard.offer(room, stored));
                }
            }
            case BROADCAST -> {
                Map<RoomShard, List<RoomId>> byShard = new HashMap<>();
                for (RoomId room : index.watchedRooms()) {
                    byShard.computeIfAbsent(shardOf(current, room), s -> new ArrayList<>()).add(room);
                }
                byShard.forEach((shard, rooms) -> shard.submit(() -> rooms.forEach(room -> shard.offer(room, stored))));
            }
            case UNICAST -> {
                UserId user = stored.recipient();
                for (RoomId room : index.roomsOf(user)) {
                    RoomShard shard = shardOf(current, room);
                    shard.submit(() -> shard.offerUnicast(room, user, stored));
                }
            }
        }
    }

    /**
     * A batch in position order: runs of room messages go as one task per shard (each shard's loop
     * offers them in order), anything else as {@link #deliver} between the runs, so every lane still
     * gets its messages in position order.
     */
    @Override
    public void deliverAll(List<Message> stored) {
        List<RoomShard> current = shards;
        if (current.isEmpty()) {
            return;
        }
        Map<RoomShard, List<Message>> run = new HashMap<>();
        for (Message message : stored) {
            if (message.scope() == Scope.ROOM && message.isStored()) {
                if (index.isWatched(message.roomId())) {
                    run.computeIfAbsent(shardOf(current, message.roomId()), s -> new ArrayList<>()).add(message);
                }
            } else {
                submitRun(run);
                deliver(message);
            }
        }
        submitRun(run);
    }

    private static void submitRun(Map<RoomShard, List<Message>> run) {
        run.forEach((shard, messages) -> shard.submit(() -> messages.forEach(m -> shard.offer(m.roomId(), m))));
        run.clear();
    }

    /** The last viewer of {@code room} on this node left: forget its lane once it is idle, its subscription later. */
    void unwatched(RoomId room) {
        List<RoomShard> current = shards;
        if (!current.isEmpty()) {
            RoomShard shard = shardOf(current, room);
            shard.submit(() -> shard.forgetIfIdle(room));
            if (watches != null) {
                watches.unwatched(room, shard.loop, index::isWatched);
            }
        }
    }

    /** Completes once what is stored for {@code room} from now on reaches this node (at once without a bus). */
    CompletableFuture<Void> ready(RoomId room) {
        return watches == null ? READY : watches.ready(room);
    }

    /** The bus may have missed messages of {@code rooms}: their lanes go, their viewers resume by cursor. */
    void interrupted(Collection<RoomId> rooms) {
        List<RoomShard> current = shards;
        for (RoomId room : rooms) {
            if (!current.isEmpty()) {
                RoomShard shard = shardOf(current, room);
                shard.submit(() -> shard.interrupt(room));
            }
        }
    }

    private static RoomShard shardOf(List<RoomShard> shards, RoomId room) {
        return shards.get(Math.floorMod(room.hashCode(), shards.size()));
    }

    /** One delivery of a block on a viewer loop to {@code viewers} viewers, {@code holding} of whom held it. */
    void counted(int viewers, int holding) {
        LoadWatch watching = watch;
        if (watching != null) {
            watching.counted(viewers, holding);
        }
    }

    @Override
    public long windowMillis() {
        return windowLength.millis();
    }

    @Override
    public int blockMaxEntries() {
        return windowLength.maxEntries();
    }

    Clock clock() {
        return clock;
    }

    RoomDirectory directory() {
        return directory;
    }

    Replay replay() {
        return replay;
    }

    Executor blocking() {
        Executor b = blocking;
        if (b == null) {
            throw new IllegalStateException("the push path is not started");
        }
        return b;
    }

    /** Whether any viewer on this node watches {@code room} (for tests and stats). */
    public boolean watched(RoomId room) {
        return index.isWatched(room);
    }

    /** Viewers of {@code room} on {@code loop} (for tests and stats). */
    public int viewers(TaskLoop loop, RoomId room) {
        ViewerGroup group = groups.get(loop);
        return group == null ? 0 : group.viewers(room);
    }
}
