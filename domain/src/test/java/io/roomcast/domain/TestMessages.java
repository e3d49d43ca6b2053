package io.roomcast.domain;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.PriorityAssignment;

/**
 * Fixtures: stored messages, each at position {@code (createdAt, seq)} with id {@code "m<seq>"}, so
 * a test controls both the order of a window and the age of each message.
 */
public final class TestMessages {
    public static final RoomId ROOM = RoomId.of("r1");
    public static final RoomId OTHER_ROOM = RoomId.of("r2");

    private static final PriorityAssignment PRIORITIES = PriorityAssignment.defaults();

    private TestMessages() {
    }

    /** A stored room message of any kind; {@code stateKey} null for an ordinary message. */
    public static Message stored(RoomId room, Category category, Priority priority, long giftValue, String stateKey,
            long version, long seq, long createdAt) {
        Message unstored = new Message(MessageId.of("m" + seq), Scope.ROOM, room, null, category, priority,
                UserId.of("u" + seq % 7), giftValue, Payload.json("{\"seq\":" + seq + "}"), createdAt, 0,
                stateKey == null ? null : StateKey.of(stateKey), version, null, null);
        return unstored.storedAt(new Position(createdAt, seq));
    }

    public static Message stored(Category category, Priority priority, long seq, long createdAt) {
        return stored(ROOM, category, priority, 0, null, 0, seq, createdAt);
    }

    /** A chat line (LOW). */
    public static Message chat(RoomId room, long seq, long createdAt) {
        return stored(room, Category.CHAT, Priority.LOW, 0, null, 0, seq, createdAt);
    }

    public static Message chat(long seq, long createdAt) {
        return chat(ROOM, seq, createdAt);
    }

    /** A gift at the level the default rules give its value. */
    public static Message giftWorth(long coins, long seq, long createdAt) {
        Priority level = PRIORITIES.assign(Category.GIFT, coins, null);
        return stored(ROOM, Category.GIFT, level, coins, null, 0, seq, createdAt);
    }

    /** An entry notice or a like (LOWEST). */
    public static Message notice(long seq, long createdAt) {
        return stored(ROOM, Category.NOTIFY, Priority.LOWEST, 0, null, 0, seq, createdAt);
    }

    /** A moderation or system notice (CRITICAL). */
    public static Message critical(long seq, long createdAt) {
        return stored(ROOM, Category.NOTIFY, Priority.CRITICAL, 0, null, 0, seq, createdAt);
    }

    /** A PK state message (NORMAL) for {@code key} at {@code version}. */
    public static Message state(String key, long version, long seq, long createdAt) {
        return state(ROOM, key, version, seq, createdAt);
    }

    public static Message state(RoomId room, String key, long version, long seq, long createdAt) {
        return stored(room, Category.PK, Priority.NORMAL, 0, key, version, seq, createdAt);
    }

    /** A room chat line not yet given a position by a store. */
    public static Message unstoredChat(long createdAt) {
        return new Message(MessageId.of("new" + createdAt), Scope.ROOM, ROOM, null, Category.CHAT, Priority.LOW, null,
                0, Payload.json("{}"), createdAt, 0, null, 0, null, null);
    }

    /** A stored unicast state message for {@code user}. */
    public static Message userState(UserId user, String key, long version, long seq, long createdAt) {
        Message unstored = new Message(MessageId.of("m" + seq), Scope.UNICAST, null, user, Category.NOTIFY,
                Priority.NORMAL, null, 0, Payload.json("{}"), createdAt, 0, StateKey.of(key), version, null, null);
        return unstored.storedAt(new Position(createdAt, seq));
    }

    /** A stored broadcast state message. */
    public static Message broadcastState(String key, long version, long seq, long createdAt) {
        Message unstored = new Message(MessageId.of("m" + seq), Scope.BROADCAST, null, null, Category.NOTIFY,
                Priority.NORMAL, null, 0, Payload.json("{}"), createdAt, 0, StateKey.of(key), version, null, null);
        return unstored.storedAt(new Position(createdAt, seq));
    }

    /** A stored broadcast (platform family) chat line, id {@code "b<seq>"}. */
    public static Message broadcast(long seq, long createdAt) {
        Message unstored = new Message(MessageId.of("b" + seq), Scope.BROADCAST, null, null, Category.CHAT,
                Priority.NORMAL, null, 0, Payload.json("{}"), createdAt, 0, null, 0, null, null);
        return unstored.storedAt(new Position(createdAt, seq));
    }
}
