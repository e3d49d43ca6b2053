package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.RoomId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RoomCensus} of nodes that share one Redis: each node writes its own count of a room
 * into {@code live::{roomId}::online} (one hash field per node, {@code online.lua}) and reads back
 * the sum. {@link #online} never touches Redis: it answers the sum last read, with this node's
 * part replaced by its count now ({@link RoomDirectory}), so it never blocks.
 *
 * <p>A background thread sends a room's count when it changed, at most once a second per room, and
 * at least every {@value #RESEND_MILLIS} ms while the node has viewers there (a field expires
 * {@value #HOLD_MILLIS} ms after it was sent, by Redis's clock, so a killed node drops out). Rooms
 * asked about here with no viewer here are read the same way, so a poll on this node sees viewers
 * of another. Nothing is sent per message; at worst one script call per room and second on a node
 * whose counts keep changing. Thread-safe.
 */
final class RedisRoomCensus implements RoomCensus {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRoomCensus.class);
    static final long MIN_GAP_MILLIS = 1_000;
    static final long RESEND_MILLIS = 10_000;
    static final long HOLD_MILLIS = 30_000;
    /** A room asked about and not here is followed this long after the last question. */
    static final long ASKED_MILLIS = 30_000;
    static final long TICK_MILLIS = 250;

    private static final LuaScript ONLINE = LuaScript.named("online.lua");

    private final RedisConnection connection;
    private final RoomDirectory directory;
    private final Clock clock;
    private final byte[] node;
    private final byte[] holdMillis;
    private final ConcurrentMap<RoomId, Tally> rooms = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "roomcast-census");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean failing;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** What this node knows of one room. Written by the census thread only, except {@link #askedAt}. */
    private static final class Tally {
        volatile int sent;
        volatile long sentAt = Long.MIN_VALUE / 2;
        volatile int total;
        volatile long askedAt = Long.MIN_VALUE / 2;
    }

    private RedisRoomCensus(RedisConnection connection, RoomDirectory directory, Clock clock, String node,
                            long holdMillis) {
        this.connection = connection;
        this.directory = directory;
        this.clock = clock;
        this.node = bytes(node);
        this.holdMillis = bytes(Long.toString(holdMillis));
    }

    /** Connects as {@code node}, whose counts expire {@code holdMillis} after they were sent; nothing runs until {@link #refresh}. */
    static RedisRoomCensus open(RedisStoreConfig config, RoomDirectory directory, Clock clock, String node,
                                long holdMillis) {
        return new RedisRoomCensus(RedisConnection.open(config, ONLINE::load), directory, clock, node, holdMillis);
    }

    /**
     * Connects as {@code node} (the node registry's id: a node restarted with the same id takes its
     * field back; one with a new id leaves the old one to expire) and counts every
     * {@value #TICK_MILLIS} ms from now on.
     */
    static RedisRoomCensus start(RedisStoreConfig config, RoomDirectory directory, Clock clock, String node) {
        RedisRoomCensus census = open(config, directory, clock, node, HOLD_MILLIS);
        census.timer.scheduleWithFixedDelay(census::refreshQuietly, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return census;
    }

    @Override
    public int online(RoomId room, long nowMillis) {
        int here = directory.online(room, nowMillis);
        Tally tally = rooms.computeIfAbsent(room, r -> new Tally());
        tally.askedAt = nowMillis;
        return Math.max(here, tally.total - tally.sent + here);
    }

    private void refreshQuietly() {
        try {
            refresh();
            if (failing) {
                failing = false;
                LOG.info("census: Redis answers again; online counts are cluster-wide again");
            }
        } catch (RoomcastException e) {
            if (!failing) {
                failing = true;
                LOG.warn("census: cannot send or read online counts ({}); polls use the last counts known", e.getMessage());
            }
        }
    }

    /** Sends what is due and reads the totals back. On the census thread (tests call it directly). */
    void refresh() {
        long now = clock.millis();
        for (RoomId room : directory.rooms()) {
            rooms.computeIfAbsent(room, r -> new Tally());
        }
        for (Map.Entry<RoomId, Tally> entry : rooms.entrySet()) {
            RoomId room = entry.getKey();
            Tally tally = entry.getValue();
            int here = directory.online(room, now);
            boolean asked = now - tally.askedAt < ASKED_MILLIS;
            long since = now - tally.sentAt;
            boolean due = since >= RESEND_MILLIS || (here != tally.sent && since >= MIN_GAP_MILLIS);
            if (here == 0 && tally.sent == 0 && !asked) {
                rooms.remove(room, tally);
            } else if (due) {
                tally.total = send(room, here);
                tally.sent = here;
                tally.sentAt = now;
                if (here == 0 && !asked) {
                    rooms.remove(room, tally);
                }
            }
        }
    }

    private int send(RoomId room, int here) {
        byte[][] keys = {bytes(RedisKeys.online(room))};
        List<Object> reply = connection.call("online count", redis -> ONLINE.run(redis, keys, node,
                bytes(Integer.toString(here)), holdMillis));
        return (int) Math.min(Integer.MAX_VALUE, (Long) reply.get(0));
    }

    /** Rooms this census follows now (for tests). */
    int followed() {
        return rooms.size();
    }

    /** Stops counting and takes this node's counts out of Redis (best effort: else they expire). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            for (Map.Entry<RoomId, Tally> entry : rooms.entrySet()) {
                if (entry.getValue().sent > 0) {
                    send(entry.getKey(), 0);
                }
            }
        } catch (RoomcastException e) {
            LOG.info("census: could not take this node's counts out of Redis ({}); they expire within {} s",
                    e.getMessage(), HOLD_MILLIS / 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
        }
    }
}
