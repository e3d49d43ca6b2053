package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RawRedis.b;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.testing.Cursors;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad data in Redis: garbage in streams, states, idempotency and trim keys is skipped by reads and replaced by writes. */
class RedisStoreBadDataIT extends RedisStoreFixture {
    /**
     * A member of ours whose protobuf body got corrupted: order key, trailing position and score
     * agree, so the scripts take it, but field 1 claims 127 bytes that are not there.
     */
    private static void zaddCorrupted(byte[] key, long millis, long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(StoredValue.orderKey(seq));
        out.writeBytes(new byte[] {0x0a, 0x7f});
        out.write(0x40);
        out.writeBytes(varint(millis));
        out.write(0x48);
        out.writeBytes(varint(seq));
        redis.zadd(key, millis, out.toByteArray());
    }

    private static byte[] varint(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (; n >= 0x80; n >>>= 7) {
            out.write((int) (n & 0x7F) | 0x80);
        }
        out.write((int) n);
        return out.toByteArray();
    }

    @Test
    void givenGarbageInStreams_pollsSkipThemAndReturnEveryMessage() {
        MessageStore store = store(ROOMY);
        Message first = store.append(chat(r1, clock.advance(1))).stored();
        byte[] key = b("live::{r1}::chat");
        redis.zadd(key, clock.millis(), b("not a message"));
        redis.zadd(key, clock.millis() + 1, new byte[] {7});
        zaddCorrupted(key, clock.millis() + 1, redis.incr(b("live::seq"))); // takes seq 2, as an append would
        redis.zadd(key, clock.millis() + 2, Arrays.copyOf(StoredValue.orderKey(3), 20)); // zeros after the key
        redis.zadd(b("live::{#platform}::broadcast"), 0, b("{\"legacy\":\"json\"}"));
        Message second = store.append(chat(r1, clock.advance(5))).stored();

        Feed feed = Feed.guest(r1);
        assertThat(ids(store.readSince(feed, Cursor.ORIGIN, 10).messages())).containsExactly(first.id(), second.id());
        assertThat(readAll(store, feed, 1)).containsExactly(first.id(), second.id());
        assertThat(ids(store.readSince(feed, Cursors.after(first), 10).messages())).containsExactly(second.id());
        assertThat(ids(store.readLatest(feed, 5).messages())).containsExactly(first.id(), second.id());
        assertThat(ids(store.readLatest(feed, 1).messages())).containsExactly(second.id());
    }

    @Test
    void givenGarbageAmongManyMessagesOfOneMillisecond_pagingStillReturnsEachOnce() {
        MessageStore store = store(ROOMY);
        List<MessageId> appended = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            appended.add(store.append(chat(r1, clock.millis())).stored().id());
        }
        byte[] key = b("live::{r1}::chat");
        for (long seq : new long[] {1, 5, 17, 30, 59, 60, 61}) {
            // sorts right after the member of that seq, inside the millisecond the binary search walks
            byte[] garbage = Arrays.copyOf(StoredValue.orderKey(seq), 12);
            redis.zadd(key, clock.millis(), garbage);
        }
        zaddCorrupted(key, clock.millis(), redis.incr(b("live::seq")));
        for (int page : new int[] {1, 3, 7, 100}) {
            assertThat(readAll(store, Feed.guest(r1), page)).as("page %d", page).containsExactlyElementsOf(appended);
        }
    }

    @Test
    void givenGarbageInStateIdempotencyAndTrimKeys_readsSkipItAndWritesReplaceIt() {
        MessageStore store = store(ROOMY);
        Message online = store.append(state(r1, "online", 3, clock.advance(1))).stored();
        redis.hset(b("live::{r1}::state"), b("junk"), b("zzz"));
        redis.hset(b("live::{r1}::state"), b("pk.score"), b("also not a message"));
        redis.set(b("live::{r1}::idem::bad"), b("garbage"));
        redis.hset(b("live::{r1}::trim"), b("live::{r1}::chat"), b("yesterday"));

        assertThat(store.latestStates(r1)).containsExactly(online);
        assertThat(store.findByIdempotencyKey(r1, IdempotencyKey.of("bad"))).isEmpty();
        AppendResult.Stored keyed = store.append(withKey(chat(r1, clock.advance(1)), "bad"));
        assertThat(keyed.duplicate()).isFalse();
        assertThat(store.findByIdempotencyKey(r1, IdempotencyKey.of("bad"))).contains(keyed.stored());
        Message score = store.append(state(r1, "pk.score", 1, clock.advance(1))).stored();
        assertThat(store.latestStates(r1)).containsExactly(online, score);
        ReadResult read = store.readSince(Feed.guest(r1), Cursors.after(online), 10);
        assertThat(read.gap()).isFalse();
        assertThat(ids(read.messages())).containsExactly(keyed.stored().id(), score.id());
    }
}
