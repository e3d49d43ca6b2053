package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RawRedis.b;
import static io.roomcast.adapters.redis.RawRedis.s;
import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.critical;
import static io.roomcast.testing.TestMessages.giftWorth;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.protocol.codec.MessageCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The layout in Redis: the keys, types, expiries and values the stores write, and what retention leaves. */
class RedisStoreLayoutIT extends RedisStoreFixture {
    @Test
    void givenMessagesOfEveryKind_redisHoldsThemInTheSeedLayout() {
        MessageStore store = store(ROOMY);
        Message gift = store.append(giftWorth(r1, 500, Priority.HIGH, clock.advance(1))).stored();
        store.append(chat(r1, clock.advance(1)));
        store.append(critical(r1, clock.advance(1)));
        Message score = store.append(withKey(state(r1, "pk.score", 7, clock.advance(1)), "order-1")).stored();
        store.append(toUser(user("alice"), clock.advance(1)));
        Message last = store.append(broadcast(clock.advance(1))).stored();

        Set<String> keys = redis.keys("live::*").stream().map(RawRedis::s).collect(Collectors.toSet());
        assertThat(keys).containsExactlyInAnyOrder("live::{r1}::gift", "live::{r1}::chat", "live::{r1}::notify",
                "live::{r1}::pk", "live::{#platform}::user::alice", "live::{#platform}::broadcast", "live::{r1}::state", "live::{r1}::idem::order-1",
                "live::{r1}::head", "live::{#platform}::head");
        for (String stream : List.of("live::{r1}::gift", "live::{r1}::chat", "live::{r1}::notify", "live::{r1}::pk",
                "live::{#platform}::user::alice", "live::{#platform}::broadcast")) {
            assertThat(redis.type(b(stream))).as(stream).isEqualTo("zset");
            assertThat(redis.zcard(b(stream))).as(stream).isEqualTo(1);
            assertThat(redis.pttl(b(stream))).as("an idle stream expires: " + stream).isPositive()
                    .isLessThanOrEqualTo(ROOMY.longestAgeMillis());
        }
        assertThat(redis.pttl(b("live::{r1}::state"))).isPositive().isLessThanOrEqualTo(ROOMY.longestAgeMillis());
        assertThat(redis.type(b("live::{r1}::state"))).isEqualTo("hash");
        assertThat(redis.type(b("live::{r1}::idem::order-1"))).isEqualTo("string");
        assertThat(redis.pttl(b("live::{r1}::idem::order-1"))).isPositive().isLessThanOrEqualTo(ROOMY.longestAgeMillis());
        assertThat(s(redis.hget(b("live::{r1}::head"), b("seq")))).isEqualTo("4");
        assertThat(s(redis.hget(b("live::{r1}::head"), b("millis")))).isEqualTo(Long.toString(score.position().millis()));
        assertThat(s(redis.hget(b("live::{#platform}::head"), b("seq")))).isEqualTo("2");
        assertThat(s(redis.hget(b("live::{#platform}::head"), b("millis")))).isEqualTo(Long.toString(last.position().millis()));

        byte[] member = redis.zrange(b("live::{r1}::gift"), 0, -1).get(0);
        assertThat(redis.zscore(b("live::{r1}::gift"), member)).isEqualTo((double) gift.createdAt());
        assertThat(Arrays.copyOf(member, 8)).isEqualTo(StoredValue.orderKey(gift.position().seq()));
        assertThat(MessageCodec.decode(Arrays.copyOfRange(member, 8, member.length))).isEqualTo(plain(gift));

        byte[] stateValue = redis.hget(b("live::{r1}::state"), b("pk.score"));
        assertThat(Arrays.copyOf(stateValue, 8)).isEqualTo(StoredValue.orderKey(7));
        assertThat(MessageCodec.decode(Arrays.copyOfRange(stateValue, 8, stateValue.length))).isEqualTo(plain(score));
    }

    @Test
    void givenRetentionRemovedMessages_trimHashHoldsTheNewestRemovedPosition() {
        MessageStore store = store(Retention.uniform(2, Duration.ofHours(1)));
        List<Message> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(store.append(chat(r1, clock.advance(1))).stored());
        }
        assertThat(redis.zcard(b("live::{r1}::chat"))).isEqualTo(2);
        assertThat(s(redis.hget(b("live::{r1}::trim"), b("live::{r1}::chat")))).isEqualTo(stored.get(2).position().millis() + "-" + stored.get(2).position().seq());
    }
}
