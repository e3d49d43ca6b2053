package io.roomcast.application.service;

import io.roomcast.application.port.in.GetRoomStatsUseCase;
import io.roomcast.application.port.in.RoomStats;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.DropReason;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts what happens to each room on this node since it started (accepted, discarded by reason,
 * a ten-second rate) and answers room stats, which say since when they count; the online count is
 * the room's on every node ({@link RoomCensus}). Thread-safe; counters are per room and lock-free except for the
 * short per-second ring update.
 */
public final class RoomActivity implements GetRoomStatsUseCase {
    private static final int WINDOW_SECONDS = 10;

    private final Clock clock;
    private final RoomCensus census;
    private final ConcurrentMap<RoomId, Counters> rooms = new ConcurrentHashMap<>();
    private final long startedMillis;
    private final Supplier<Collection<RoomId>> watched;

    /** A node alone: the room's size is this node's. */
    public RoomActivity(Clock clock, RoomDirectory directory) {
        this(clock, RoomCensus.local(directory), directory);
    }

    /** Rooms with viewers on this node are those of {@code directory}; their size is the census's. */
    public RoomActivity(Clock clock, RoomCensus census, RoomDirectory directory) {
        this.clock = clock;
        this.census = census;
        this.watched = directory::rooms;
        this.startedMillis = clock.millis();
    }

    public RoomActivity(Clock clock, RoomCensus census) {
        this.clock = clock;
        this.census = census;
        this.watched = List::of;
        this.startedMillis = clock.millis();
    }

    private static final class Counters {
        final LongAdder published = new LongAdder();
        final Map<DropReason, LongAdder> discarded = new EnumMap<>(DropReason.class);
        final long[] perSecond = new long[WINDOW_SECONDS];
        final long[] secondOf = new long[WINDOW_SECONDS];

        Counters() {
            for (DropReason reason : DropReason.values()) {
                discarded.put(reason, new LongAdder());
            }
        }

        synchronized void tick(long second) {
            int slot = (int) (second % WINDOW_SECONDS);
            if (secondOf[slot] != second) {
                secondOf[slot] = second;
                perSecond[slot] = 0;
            }
            perSecond[slot]++;
        }

        synchronized double rate(long nowSecond) {
            long sum = 0;
            for (int i = 0; i < WINDOW_SECONDS; i++) {
                if (nowSecond - secondOf[i] < WINDOW_SECONDS) {
                    sum += perSecond[i];
                }
            }
            return sum / (double) WINDOW_SECONDS;
        }
    }

    void accepted(RoomId room) {
        Counters c = rooms.computeIfAbsent(room, r -> new Counters());
        c.published.increment();
        c.tick(clock.millis() / 1000);
    }

    void discarded(RoomId room, DropReason reason) {
        rooms.computeIfAbsent(room, r -> new Counters()).discarded.get(reason).increment();
    }

    @Override
    public List<RoomStats> busiest(int limit) {
        Set<RoomId> known = new HashSet<>(rooms.keySet());
        known.addAll(watched.get());
        return known.stream().map(this::stats)
                .sorted(Comparator.comparingInt(RoomStats::online).reversed()
                        .thenComparing(Comparator.comparingDouble(RoomStats::publishedPerSecond).reversed())
                        .thenComparing(s -> s.room().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public RoomStats stats(RoomId room) {
        long now = clock.millis();
        Counters c = rooms.get(room);
        Map<DropReason, Long> discarded = new EnumMap<>(DropReason.class);
        if (c == null) {
            return new RoomStats(room, census.online(room, now), 0, 0, discarded, startedMillis);
        }
        c.discarded.forEach((reason, count) -> {
            if (count.sum() > 0) {
                discarded.put(reason, count.sum());
            }
        });
        return new RoomStats(room, census.online(room, now), c.published.sum(), c.rate(now / 1000), discarded,
                startedMillis);
    }
}
