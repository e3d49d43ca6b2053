package io.roomcast.adapters.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.codec.MessageCodec;
import io.roomcast.testing.RedisClusterProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@link RedisClusterProcess} of three masters for every cluster test of this JVM (its start
 * costs three redis-servers), with a plain Lettuce cluster connection of the tests' own: to publish
 * bus payloads as {@code append.lua} does and to look at keys. Tests on it use rooms of their own.
 */
final class SharedCluster {
    private static SharedCluster shared;

    private final RedisClusterProcess cluster;
    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<byte[], byte[]> connection;
    private final AtomicLong seq = new AtomicLong();
    /** The epoch every message this test publishes is in (a family's epoch, as a head would give). */
    static final long EPOCH = 12_345;

    private SharedCluster(RedisClusterProcess cluster) {
        this.cluster = cluster;
        List<RedisURI> seeds = new ArrayList<>();
        for (String seed : cluster.seeds().split(",")) {
            seeds.add(RedisURI.create(seed));
        }
        this.client = RedisClusterClient.create(seeds);
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
    }

    static synchronized SharedCluster get() {
        if (shared == null) {
            try {
                shared = new SharedCluster(RedisClusterProcess.start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "shared-cluster-stop"));
        }
        return shared;
    }

    RedisClusterProcess process() {
        return cluster;
    }

    RedisStoreConfig config() {
        return RedisStoreConfig.defaults().withUrl(cluster.seeds());
    }

    RedisAdvancedClusterCommands<byte[], byte[]> commands() {
        return connection.sync();
    }

    /** A room named {@code prefix} and a number whose bus channel's slot is on master {@code master}. */
    RoomId roomOn(int master, String prefix) throws IOException {
        for (int i = 0; ; i++) {
            RoomId room = RoomId.of(prefix + i);
            if (cluster.ownerOf(SlotHash.getSlot(RedisKeys.bus(room))) == master) {
                return room;
            }
        }
    }

    /** Publishes {@code message} on its bus channel as stored at the next test seq, as {@code append.lua} would; returns it stored. */
    Message publish(Message message, long millis) {
        Message stored = message.storedAt(new Position(millis, seq.incrementAndGet(), EPOCH));
        byte[] body = MessageCodec.encode(stored);
        byte[] payload = ByteBuffer.allocate(1 + 2 * StoredValue.ORDER_KEY_BYTES + body.length)
                .put(StoredValue.BUS_FORMAT).putLong(EPOCH).put(StoredValue.orderKey(stored.position().seq())).put(body).array();
        commands().spublish(RedisKeys.bytes(RedisKeys.bus(stored)), payload);
        return stored;
    }

    private void close() {
        connection.close();
        client.shutdown();
        cluster.close();
    }
}
