package io.roomcast.benchmarks.jmh;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Module;
import io.roomcast.adapters.chronicle.ChronicleStoreConfig;
import io.roomcast.adapters.chronicle.ChronicleStoreModule;
import io.roomcast.adapters.redis.RedisStoreConfig;
import io.roomcast.adapters.redis.RedisStoreModule;
import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.message.RoomId;
import io.roomcast.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@link MessageStore} implementations the store benchmarks run against, chosen with
 * {@code -p store=...} (Caffeine's {@code CacheType} pattern). Chronicle and Redis are built
 * through their adapters' Guice modules, as the server builds them; Redis runs on a
 * {@code redis-server} the benchmark starts for itself on a free loopback port (no persistence).
 */
public enum StoreType {
    /** {@link InMemoryMessageStore}: the heap, behind a read-write lock. */
    MEMORY,
    /** The embedded Chronicle Queue store, in a fresh directory under {@code scratchDir}. */
    CHRONICLE,
    /** The Redis store, against a {@code redis-server} the benchmark starts for itself. */
    REDIS;

    /**
     * Opens a fresh, empty store of this type for one trial. The caller closes it and then
     * deletes {@code scratchDir}, which is the store's to use.
     */
    MessageStore open(Retention retention, Clock clock, Path scratchDir) {
        return switch (this) {
            case MEMORY -> new InMemoryMessageStore(retention, clock);
            case CHRONICLE -> viaModule(new ChronicleStoreModule(
                    ChronicleStoreConfig.in(scratchDir).withRetention(retention)), retention, clock);
            case REDIS -> {
                RedisServerProcess server;
                try {
                    server = RedisServerProcess.start();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start redis-server (is it on the PATH?)", e);
                }
                MessageStore store = viaModule(new RedisStoreModule(RedisStoreConfig.defaults().withUrl(server.url())),
                        retention, clock);
                yield new ClosingServer(store, server);
            }
        };
    }

    private static MessageStore viaModule(Module storeModule, Retention retention, Clock clock) {
        return Guice.createInjector(storeModule, new AbstractModule() {
            @Override
            protected void configure() {
                bind(Retention.class).toInstance(retention);
                bind(Clock.class).toInstance(clock);
            }
        }).getInstance(MessageStore.class);
    }

    /** The Redis store, stopping its own redis-server when closed. */
    private record ClosingServer(MessageStore store, RedisServerProcess server) implements MessageStore {
        @Override
        public AppendResult.Stored append(Message message) {
            return store.append(message);
        }

        @Override
        public AppendResult append(Message message, AdmissionPolicy policy) {
            return store.append(message, policy);
        }

        @Override
        public List<AppendResult> appendAll(List<Message> messages, AdmissionPolicy policy) {
            return store.appendAll(messages, policy);
        }

        @Override
        public Optional<Message> findByIdempotencyKey(RoomId room, IdempotencyKey key) {
            return store.findByIdempotencyKey(room, key);
        }

        @Override
        public ReadResult readSince(Feed feed, Cursor after, int max) {
            return store.readSince(feed, after, max);
        }

        @Override
        public ReadResult readLatest(Feed feed, int max) {
            return store.readLatest(feed, max);
        }

        @Override

        public SliceRead closeSlice(RoomId room, long fromMillis, long toMillis, int max) {

            return store.closeSlice(room, fromMillis, toMillis, max);

        }


        @Override
        public List<Message> latestStates(RoomId room) {
            return store.latestStates(room);
        }

        @Override
        public Cursor head(RoomId room) {
            return store.head(room);
        }

        @Override
        public void close() {
            try {
                store.close();
            } finally {
                server.close();
            }
        }
    }
}
