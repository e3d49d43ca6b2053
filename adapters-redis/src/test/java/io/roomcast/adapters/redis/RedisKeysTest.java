package io.roomcast.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import org.junit.jupiter.api.Test;

/** The key layout, as documented on {@link RedisMessageStore} and in the README. */
class RedisKeysTest {

    @Test
    void feedOfSignedInViewer_readsTheRoomsSortedSetsAndThePlatformsInTheirSlots() {
        Feed feed = new Feed(RoomId.of("r1"), UserId.of("alice"));
        assertThat(StreamKey.of(feed).stream().map(RedisKeys::stream)).containsExactly(
                "live::{r1}::gift", "live::{r1}::chat", "live::{r1}::notify", "live::{r1}::pk",
                "live::{#platform}::broadcast", "live::{#platform}::user::alice");
    }

    @Test
    void bookkeepingKeys_carryTheirFamilysHashTag() {
        RoomId r1 = RoomId.of("r1");
        assertThat(RedisKeys.state(r1)).isEqualTo("live::{r1}::state");
        assertThat(RedisKeys.head(r1)).isEqualTo("live::{r1}::head");
        assertThat(RedisKeys.trim(r1)).isEqualTo("live::{r1}::trim");
        assertThat(RedisKeys.idempotency(r1, IdempotencyKey.of("order-42"))).isEqualTo("live::{r1}::idem::order-42");
        assertThat(RedisKeys.head(null)).isEqualTo("live::{#platform}::head");
        assertThat(RedisKeys.trim(null)).isEqualTo("live::{#platform}::trim");
        assertThat(RedisKeys.idempotency(null, IdempotencyKey.of("k"))).isEqualTo("live::{#platform}::idem::k");
        assertThat(RedisKeys.PLATFORM_BUS).isEqualTo("live::{#platform}::bus");
    }
}
