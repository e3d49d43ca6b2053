package io.roomcast.application.testing;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import java.util.concurrent.atomic.AtomicLong;

/** Fixtures: unstored messages as a use case would hand them to a store. */
public final class TestMessages {
    private static final AtomicLong COUNTER = new AtomicLong();

    private TestMessages() {
    }

    public static RoomId room(String id) {
        return RoomId.of(id);
    }

    public static UserId user(String id) {
        return UserId.of(id);
    }

    /** A room message of {@code category} at {@code priority}, created at {@code createdAt}. */
    public static Message inRoom(RoomId room, Category category, Priority priority, long createdAt) {
        long n = COUNTER.incrementAndGet();
        return new Message(MessageId.of("m" + n), Scope.ROOM, room, null, category, priority, UserId.of("u" + (n % 97)),
                0, Payload.json("{\"n\":" + n + "}"), createdAt, 0, null, 0, null, null);
    }

    public static Message chat(RoomId room, long createdAt) {
        return inRoom(room, Category.CHAT, Priority.LOW, createdAt);
    }

    public static Message giftWorth(RoomId room, long value, Priority priority, long createdAt) {
        Message m = inRoom(room, Category.GIFT, priority, createdAt);
        return new Message(m.id(), m.scope(), m.roomId(), null, m.category(), m.priority(), m.sender(), value,
                Payload.json("{\"gift\":\"rocket\",\"value\":" + value + "}"), createdAt, 0, null, 0, null, null);
    }

    public static Message critical(RoomId room, long createdAt) {
        return inRoom(room, Category.NOTIFY, Priority.CRITICAL, createdAt);
    }

    /** A PK state message for {@code key} at {@code version}. */
    public static Message state(RoomId room, String key, long version, long createdAt) {
        long n = COUNTER.incrementAndGet();
        return new Message(MessageId.of("s" + n), Scope.ROOM, room, null, Category.PK, Priority.NORMAL, null, 0,
                Payload.json("{\"score\":" + version + "}"), createdAt, 0, StateKey.of(key), version, null, null);
    }

    public static Message toUser(UserId user, long createdAt) {
        long n = COUNTER.incrementAndGet();
        return new Message(MessageId.of("p" + n), Scope.UNICAST, null, user, Category.NOTIFY, Priority.HIGH, null, 0,
                Payload.json("{\"dm\":" + n + "}"), createdAt, 0, null, 0, null, null);
    }

    public static Message broadcast(long createdAt) {
        long n = COUNTER.incrementAndGet();
        return new Message(MessageId.of("b" + n), Scope.BROADCAST, null, null, Category.NOTIFY, Priority.HIGH, null, 0,
                Payload.json("{\"all\":" + n + "}"), createdAt, 0, null, 0, null, null);
    }

    public static Message withKey(Message m, String key) {
        return new Message(m.id(), m.scope(), m.roomId(), m.recipient(), m.category(), m.priority(), m.sender(),
                m.giftValue(), m.payload(), m.createdAt(), m.sentAt(), m.stateKey(), m.version(),
                IdempotencyKey.of(key), m.position());
    }

    public static Message withBinaryPayload(Message m, byte[] bytes) {
        return new Message(m.id(), m.scope(), m.roomId(), m.recipient(), m.category(), m.priority(), m.sender(),
                m.giftValue(), Payload.binary(bytes), m.createdAt(), m.sentAt(), m.stateKey(), m.version(),
                m.idempotencyKey(), m.position());
    }
}
