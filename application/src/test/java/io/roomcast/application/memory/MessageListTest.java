package io.roomcast.application.memory;

import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.room;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import org.junit.jupiter.api.Test;

class MessageListTest {

    @Test
    void givenMessagesAddedAndTrimmedPastCompaction_entriesKeepTheirOrder() {
        MessageList list = new MessageList();
        for (int i = 1; i <= 100; i++) {
            Message stored = chat(room("r"), 10L * i).storedAt(new Position(10L * i, i));
            list.add(stored, stored.position(), stored.category());
            if (list.size() > 7) {
                list.removeOldest();
            }
        }
        assertThat(list.size()).isEqualTo(7);
        for (int i = 0; i < 7; i++) {
            assertThat(list.position(i)).isEqualTo(new Position(10L * (94 + i), 94 + i));
        }
        assertThat(list.trimmedThrough()).isEqualTo(new Position(930, 93));
        assertThat(list.firstAfter(95)).isEqualTo(2);
    }

    @Test
    void givenEverythingTrimmed_listIsEmptyButRemembersTheTrimmedPosition() {
        MessageList list = new MessageList();
        Message stored = chat(room("r"), 30).storedAt(new Position(30, 3));
        list.add(stored, stored.position(), stored.category());
        list.removeOldest();
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.trimmedThrough()).isEqualTo(new Position(30, 3));
    }
}
