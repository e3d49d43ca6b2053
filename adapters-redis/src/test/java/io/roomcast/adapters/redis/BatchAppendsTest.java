package io.roomcast.adapters.redis;

import static io.roomcast.testing.TestMessages.broadcast;
import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchAppendsTest {
    private final RoomId a = room("a");
    private final RoomId b = room("b");

    @Test
    void givenEachFamilyTogether_roundEnd_isTheWholeBatch() {
        List<Message> batch = List.of(chat(a, 1), chat(a, 1), chat(b, 1), broadcast(1), toUser(user("u"), 1));

        assertThat(BatchAppends.roundEnd(batch, 0)).isEqualTo(5);
    }

    @Test
    void givenFamilyComingBack_roundEnd_cutsBeforeIt() {
        List<Message> batch = List.of(chat(a, 1), broadcast(1), chat(b, 1), toUser(user("u"), 1), chat(a, 1), chat(a, 1));

        assertThat(BatchAppends.roundEnd(batch, 0)).as("broadcasts and unicast are one family").isEqualTo(3);
        assertThat(BatchAppends.roundEnd(batch, 3)).isEqualTo(6);
    }
}
