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
    void feedOfSignedInViewer_readsTheSeedsSortedSets() {
        Feed feed = new Feed(RoomId.of("r1"), UserId.of("alice"));
        assertThat(StreamKey.of(feed).stream().map(RedisKeys::stream)).containsExactly(
                "live::r1::gift", "live::r1::chat", "live::r1::notify", "live::r1::pk",
                "live::broadcast", "live::user::alice");
    }

    @Test
    void bookkeepingKeys_haveFixedNames() {
        assertThat(RedisKeys.state(RoomId.of("r1"))).isEqualTo("live::r1::state");
        assertThat(RedisKeys.idempotency(IdempotencyKey.of("order-42"))).isEqualTo("live::idem::order-42");
        assertThat(RedisKeys.SEQ).isEqualTo("live::seq");
        assertThat(RedisKeys.CLOCK).isEqualTo("live::clock");
        assertThat(RedisKeys.TRIM).isEqualTo("live::trim");
    }
}
