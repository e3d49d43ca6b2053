package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import org.junit.jupiter.api.Test;

class MessageTest {
    private static final MessageId ID = MessageId.of("m1");
    private static final RoomId ROOM = RoomId.of("r1");
    private static final UserId USER = UserId.of("u1");
    private static final Payload PAYLOAD = Payload.json("{}");

    /** A valid room message with every optional field set, to vary one field at a time. */
    private static Message roomMessage(long createdAt) {
        return new Message(ID, Scope.ROOM, ROOM, null, Category.PK, Priority.NORMAL, USER, 0, PAYLOAD, createdAt, 0,
                StateKey.of("pk.score"), 3, IdempotencyKey.of("k1"), null);
    }

    private static Message addressed(Scope scope, RoomId room, UserId recipient) {
        return new Message(ID, scope, room, recipient, Category.NOTIFY, Priority.HIGH, null, 0, PAYLOAD, 1_000, 0,
                null, 0, null, null);
    }

    @Test
    void givenEachScopeWithItsAddress_construct_isAccepted() {
        assertThat(addressed(Scope.ROOM, ROOM, null).roomId()).isEqualTo(ROOM);
        assertThat(addressed(Scope.UNICAST, null, USER).recipient()).isEqualTo(USER);
        Message broadcast = addressed(Scope.BROADCAST, null, null);
        assertThat(broadcast.roomId()).isNull();
        assertThat(broadcast.recipient()).isNull();
    }

    @Test
    void givenRoomScopeWithoutRoom_construct_isInvalidRoomId() {
        assertInvalid(() -> addressed(Scope.ROOM, null, null), "roomId");
    }

    @Test
    void givenRoomScopeWithRecipient_construct_isInvalidUserId() {
        assertInvalid(() -> addressed(Scope.ROOM, ROOM, USER), "userId");
    }

    @Test
    void givenUnicastWithoutRecipient_construct_isInvalidUserId() {
        assertInvalid(() -> addressed(Scope.UNICAST, null, null), "userId");
    }

    @Test
    void givenUnicastWithRoom_construct_isInvalidRoomId() {
        assertInvalid(() -> addressed(Scope.UNICAST, ROOM, USER), "roomId");
    }

    @Test
    void givenBroadcastWithRoomOrRecipient_construct_isInvalidScope() {
        assertInvalid(() -> addressed(Scope.BROADCAST, ROOM, null), "scope");
        assertInvalid(() -> addressed(Scope.BROADCAST, null, USER), "scope");
    }

    @Test
    void givenMissingRequiredField_construct_isInvalidNamingIt() {
        assertInvalid(() -> new Message(null, Scope.ROOM, ROOM, null, Category.CHAT, Priority.LOW, null, 0, PAYLOAD,
                0, 0, null, 0, null, null), "id");
        assertInvalid(() -> new Message(ID, null, ROOM, null, Category.CHAT, Priority.LOW, null, 0, PAYLOAD,
                0, 0, null, 0, null, null), "scope");
        assertInvalid(() -> new Message(ID, Scope.ROOM, ROOM, null, null, Priority.LOW, null, 0, PAYLOAD,
                0, 0, null, 0, null, null), "category");
        assertInvalid(() -> new Message(ID, Scope.ROOM, ROOM, null, Category.CHAT, null, null, 0, PAYLOAD,
                0, 0, null, 0, null, null), "priority");
        assertInvalid(() -> new Message(ID, Scope.ROOM, ROOM, null, Category.CHAT, Priority.LOW, null, 0, null,
                0, 0, null, 0, null, null), "payload");
    }

    @Test
    void givenNegativeGiftValue_construct_isInvalidGiftValue() {
        assertInvalid(() -> new Message(ID, Scope.ROOM, ROOM, null, Category.GIFT, Priority.NORMAL, USER, -1, PAYLOAD,
                0, 0, null, 0, null, null), "giftValue");
    }

    @Test
    void givenNegativeVersion_construct_isInvalidVersion() {
        assertInvalid(() -> new Message(ID, Scope.ROOM, ROOM, null, Category.PK, Priority.NORMAL, null, 0, PAYLOAD,
                0, 0, StateKey.of("pk.score"), -1, null, null), "version");
    }

    @Test
    void givenVersionWithoutStateKey_construct_isInvalidVersion() {
        assertInvalid(() -> new Message(ID, Scope.ROOM, ROOM, null, Category.PK, Priority.NORMAL, null, 0, PAYLOAD,
                0, 0, null, 7, null, null), "version");
    }

    @Test
    void givenNegativeCreatedAt_construct_isInvalidCreatedAt() {
        assertInvalid(() -> new Message(ID, Scope.ROOM, ROOM, null, Category.CHAT, Priority.LOW, null, 0, PAYLOAD,
                -1, 0, null, 0, null, null), "createdAt");
    }

    @Test
    void givenNegativeSentAt_construct_isInvalidSentAt() {
        assertInvalid(() -> new Message(ID, Scope.ROOM, ROOM, null, Category.CHAT, Priority.LOW, null, 0, PAYLOAD,
                0, -1, null, 0, null, null), "sentAt");
    }

    @Test
    void givenStateKeyAtVersionZero_construct_isStateMessage() {
        Message m = new Message(ID, Scope.ROOM, ROOM, null, Category.PK, Priority.NORMAL, null, 0, PAYLOAD,
                0, 0, StateKey.of("pk.score"), 0, null, null);

        assertThat(m.isState()).isTrue();
        assertThat(addressed(Scope.ROOM, ROOM, null).isState()).isFalse();
    }

    @Test
    void givenUnstoredMessage_storedAtLaterMillis_raisesCreatedAtAndKeepsTheRest() {
        Message m = roomMessage(1_000);
        Position where = new Position(1_500, 7);

        Message stored = m.storedAt(where);

        assertThat(m.isStored()).isFalse();
        assertThat(stored.isStored()).isTrue();
        assertThat(stored.position()).isEqualTo(where);
        assertThat(stored.createdAt()).isEqualTo(1_500);
        assertThat(stored).isEqualTo(new Message(ID, Scope.ROOM, ROOM, null, Category.PK, Priority.NORMAL, USER, 0,
                PAYLOAD, 1_500, 0, StateKey.of("pk.score"), 3, IdempotencyKey.of("k1"), where));
    }

    @Test
    void givenUnstoredMessage_storedAtEarlierMillis_neverLowersCreatedAt() {
        Message stored = roomMessage(2_000).storedAt(new Position(1_500, 7));

        assertThat(stored.createdAt()).isEqualTo(2_000);
        assertThat(stored.position()).isEqualTo(new Position(1_500, 7));
    }

    @Test
    void givenNullPosition_storedAt_isInvalidPosition() {
        assertInvalid(() -> roomMessage(0).storedAt(null), "position");
    }

    @Test
    void givenStoredMessage_sentAt_setsOnlySentAt() {
        Message stored = roomMessage(1_000).storedAt(new Position(1_000, 1));

        Message sent = stored.sentAt(1_234);

        assertThat(stored.sentAt()).isZero();
        assertThat(sent.sentAt()).isEqualTo(1_234);
        assertThat(sent).isEqualTo(new Message(ID, Scope.ROOM, ROOM, null, Category.PK, Priority.NORMAL, USER, 0,
                PAYLOAD, 1_000, 1_234, StateKey.of("pk.score"), 3, IdempotencyKey.of("k1"), new Position(1_000, 1)));
    }

    @Test
    void givenCreatedAt_ageAt_isElapsedMillisNeverNegative() {
        Message m = roomMessage(1_000);

        assertThat(m.ageAt(1_250)).isEqualTo(250);
        assertThat(m.ageAt(1_000)).isZero();
        assertThat(m.ageAt(900)).isZero();
    }

    private static void assertInvalid(Runnable build, String field) {
        assertThatThrownBy(build::run).isInstanceOfSatisfying(RoomcastException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).startsWith(field + ": ");
        });
    }
}
